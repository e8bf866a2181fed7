using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kombo.Sandbox.Assessment;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using Kombo.Sandbox.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Kombo.Sandbox.Tests;

/// <summary>
/// Kombo's official TypeScript SDK reads the sandbox: every ATS model on every page (with and without deleted
/// records), packages, orders in every status, integration details, check-api-key and force-sync, and parses every
/// webhook the sandbox sent. The SDK checks each body with zod, so any shape the real Kombo could not send fails it.
/// </summary>
public sealed class SdkConformanceTests(ITestOutputHelper output) : SandboxTest
{
    private const string Completed = """{"status":"COMPLETED","result_url":"https://vendor.example/results/1","completed_at":"2026-04-04T00:00:00.000Z","score":90,"max_score":100}""";

    [KomboSdkFact]
    public async Task The_official_Kombo_SDK_reads_every_model_the_sandbox_serves_without_a_validation_error()
    {
        var integration = Harness.Ready(new GeneratorScale { Jobs = 40, Candidates = 150, Applications = 300, Users = 15, Tags = 12 });
        foreach (var model in SandboxModels.All)
        {
            integration.CreateRecords(model, 2);
            integration.UpdateRecords(model, 3);
            integration.DeleteRecords(model, 2);
        }
        integration.MoveApplications(5);
        integration.TagCandidates(5);
        integration.SetJobStatus("On hold", 2);
        integration.Anonymise(TimeSpan.Zero);
        using var client = Harness.Client(integration);
        var put = await SandboxHarness.Send(client, HttpMethod.Put, "assessment/packages", """
            {"packages":[{"id":"typescript_test","type":"SKILLS_TEST","name":"TypeScript","description":"Coding test"},
                         {"id":"bg","type":"BACKGROUND_CHECK","name":"Background check","description":"Führungszeugnis"}]}
            """);
        Assert.Equal(HttpStatusCode.OK, put.Status);
        await PlaceOrdersInEveryStatus(integration, client);
        await SendEveryOtherWebhook();
        var webhooksFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(webhooksFile, JsonSerializer.Serialize(
                Harness.Receiver.Received.Select(w => System.Text.Encoding.UTF8.GetString(w.RawBody)).ToList()));
            var (exitCode, stdout, stderr) = await RunNode(Harness.Sandbox.BaseUrl, Harness.Sandbox.ApiKey, integration.Id, webhooksFile);
            output.WriteLine(stdout);
            output.WriteLine(stderr);
            Assert.True(exitCode == 0, $"the SDK run ended with {exitCode}:\n{stdout}\n{stderr}");

            foreach (var model in SandboxModels.All)
            {
                var records = integration.Records(model);
                var line = Regex.Match(stdout, $@"^{Regex.Escape(model.PathName())}: (\d+) with deleted in (\d+) pages, (\d+) live$", RegexOptions.Multiline);
                Assert.True(line.Success, $"no count for {model.PathName()} in:\n{stdout}");
                Assert.Equal(records.Count, int.Parse(line.Groups[1].Value));
                Assert.Equal(records.Count(r => !r.Deleted), int.Parse(line.Groups[3].Value));
            }
            var orders = integration.Assessment.Orders;
            Assert.Contains($"orders: {orders.Count} in {(orders.Count + 1) / 2} pages, {orders.Count(o => o.Status == "OPEN")} open", stdout);
            Assert.Contains("packages: 2", stdout);
            Assert.Contains($"integration: {integration.Id} ACTIVE COMPLETED", stdout);
            Assert.Contains("check-api-key:", stdout);
            Assert.Contains($"webhooks: {Harness.Receiver.Received.Count} (", stdout);
        }
        finally
        {
            File.Delete(webhooksFile);
        }
    }

    /// <summary>OPEN, COMPLETED, CANCELLED, REJECTED, a missed one (no webhook), inline ones and one without application data.</summary>
    private async Task PlaceOrdersInEveryStatus(SandboxIntegration integration, HttpClient client)
    {
        var applications = integration.Records(SandboxModel.Applications).Where(a => !a.Deleted).Take(5).ToList();
        await integration.CreateOrderAsync(new OrderSpec { ApplicationId = applications[0].Id });
        var completed = await integration.CreateOrderAsync(new OrderSpec { ApplicationId = applications[1].Id, PackageId = "bg" });
        var cancelled = await integration.CreateOrderAsync(new OrderSpec { ApplicationId = applications[2].Id, Inline = true });
        Harness.Receiver.Respond = w => w.Type == "assessment:order-received" ? (422, """{"status":"error","error":{"message":"no"}}""") : (200, "{}");
        await integration.CreateOrderAsync(new OrderSpec { ApplicationId = applications[3].Id });
        Harness.Receiver.Respond = _ => (200, "{}");
        await integration.CreateOrderAsync(new OrderSpec { ApplicationId = applications[4].Id, DeliverWebhook = false });
        await integration.CreateOrderAsync(new OrderSpec { CandidateEmail = "zoe@example.com", FirstName = "Zoë", JobName = "Pflegefachkraft", Inline = true });
        Assert.Equal(HttpStatusCode.OK, (await SandboxHarness.Send(client, HttpMethod.Put, $"assessment/orders/{completed.Id}/result", Completed)).Status);
        Assert.Equal(HttpStatusCode.OK, (await SandboxHarness.Send(client, HttpMethod.Put, $"assessment/orders/{cancelled.Id}/result",
            """{"status":"CANCELLED","result_url":"https://vendor.example/r/2","completed_at":"2026-04-05T00:00:00.000Z"}""")).Status);
    }

    /// <summary>The lifecycle webhooks, from a second integration: setup sync, syncs in several states, state changes, deletion.</summary>
    private async Task SendEveryOtherWebhook()
    {
        var other = Harness.Sandbox.CreateIntegration(new IntegrationSpec { Tool = "workday", EndUser = new("Zoë & Co.", null, null) });
        await other.FinishSync("FAILED").Webhooks;
        await other.FinishSync().Webhooks;
        other.UpdateRecords(SandboxModel.Candidates, 2);
        await other.FinishSync("PARTIALLY_FAILED").Webhooks;
        await other.SetStateAsync(state: "INVALID", qaStatus: "FAILED", setupStatus: "INCOMPLETE");
        await Harness.Sandbox.DeleteIntegrationAsync(other.Id);
        await Eventually.True(() => Harness.Sandbox.Webhooks.Pending == 0, "every webhook delivered");
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunNode(params string[] arguments)
    {
        var start = new ProcessStartInfo(KomboSdk.Node!)
        {
            WorkingDirectory = KomboSdk.Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(KomboSdk.Script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the SDK run did not end within 3 minutes:\n{await stdout}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
