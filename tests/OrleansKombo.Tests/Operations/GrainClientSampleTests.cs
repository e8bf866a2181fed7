using System.Diagnostics;
using System.Globalization;
using OrleansKombo.Tests.Infrastructure;
using OrleansKombo.Tests.Orders;
using OrleansKombo.UnitTests.Infrastructure;

namespace OrleansKombo.Tests.Operations;

/// <summary>
/// A separate process built only on the packed OrleansKombo.Grains.Interfaces (tests/ClientSample, from a local folder
/// feed) joins the running cluster as an Orleans client, reads an integration's status and submits an order's result.
/// </summary>
[Collection(KomboClusterCollection.Name)]
public sealed class GrainClientSampleTests(KomboCluster fixture)
{
    [Fact]
    public async Task A_client_process_on_the_packed_interfaces_reads_a_status_and_submits_a_result()
    {
        var integration = await Assessments.OfferingAsync(fixture);
        var order = await Assessments.OrderAsync(integration, MailSink.NewAddress());
        await Assessments.InvitedAsync(fixture.Gateway.Api, order.Id);

        var work = Path.Combine(Path.GetTempPath(), $"client-sample-{Guid.NewGuid():N}");
        try
        {
            // A version of its own, so NuGet's cache never serves an older pack of the same version.
            var version = $"1.0.0-test{DateTime.UtcNow:yyyyMMddHHmmss}{Random.Shared.Next(1000):000}";
            var feed = Path.Combine(work, "feed");
            var output = Path.Combine(work, "out");
            var pack = await HostProcess.RunCommandAsync("dotnet", TimeSpan.FromMinutes(5), "pack",
                Path.Combine(RepoPaths.Root, "Grains.Interfaces", "Grains.Interfaces.csproj"), "-c", RepoPaths.Configuration, "--no-build",
                "-o", feed, $"-p:Version={version}", "-nologo", "-v", "quiet");
            Assert.True(pack.ExitCode == 0, pack.StandardOutput + pack.StandardError);
            var build = await HostProcess.RunCommandAsync("dotnet", TimeSpan.FromMinutes(8), "build",
                Path.Combine(RepoPaths.Root, "tests", "ClientSample", "ClientSample.csproj"), "-c", "Release", "-o", output,
                $"-p:GrainsInterfacesVersion={version}", $"-p:RestoreAdditionalProjectSources={feed}", "-nologo", "-v", "quiet", "-clp:ErrorsOnly");
            Assert.True(build.ExitCode == 0, build.StandardOutput + build.StandardError);
            Assert.False(File.Exists(Path.Combine(output, "OrleansKombo.Grains.dll")), "the sample has the interfaces only, not the grains");

            var run = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = output };
            run.ArgumentList.Add(Path.Combine(output, "ClientSample.dll"));
            run.Environment["CLIENT_SAMPLE_POSTGRES"] = TestDatabase.ConnectionString;
            run.Environment["CLIENT_SAMPLE_CLUSTER_ID"] = fixture.Cluster.ClusterId;
            run.Environment["CLIENT_SAMPLE_SERVICE_ID"] = fixture.Cluster.ServiceId;
            run.Environment["CLIENT_SAMPLE_INTEGRATION_ID"] = integration.Id;
            run.Environment["CLIENT_SAMPLE_ORDER_ID"] = order.Id;
            using var process = Process.Start(run)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using (var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
            {
                try
                {
                    await process.WaitForExitAsync(deadline.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            var said = await stdout + await stderr;
            Assert.True(process.HasExited && process.ExitCode == 0, said);
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"integration {integration.Id}: state Active, setup Ready, health Ok"), said);
            Assert.Contains("result: Accepted", said);
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }

        var written = await Assessments.WrittenBackAsync(fixture.Gateway.Api, order.Id);
        Assert.Equal("COMPLETED", written.Status());
        Assert.Equal(88, written.GetProperty("result").GetProperty("score").GetDouble());
    }
}
