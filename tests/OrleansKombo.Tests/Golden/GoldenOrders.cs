using System.Text.Json;
using Kombo.Sandbox.Assessment;
using Kombo.Sandbox.Data;
using OrleansKombo.Tests.Infrastructure;
using OrleansKombo.Tests.Orders;

namespace OrleansKombo.Tests.Golden;

/// <summary>
/// Packages and orders: a set pushed and replaced, orders accepted, rejected (four reasons) and inline, repeats, a result
/// written back, a cancellation, and a reconciliation that adopts a missed order and sees one cancelled in the ATS.
/// </summary>
public sealed class GoldenOrders(GoldenRun run, GoldenSync sync)
{
    private const string Email = "golden.ada@example.com";

    private int _orders;

    private HttpClient Api => run.Fixture.Gateway.Api;

    public async Task RunAsync()
    {
        await PackagesAsync();
        await OrdersAsync();
    }

    private async Task PackagesAsync()
    {
        var recorder = run.Recorder;
        recorder.Section = "05-packages";
        var path = $"{run.Path}/packages";
        await recorder.GetAsync(path, "before any set");
        await recorder.SendRawAsync(HttpMethod.Put, path, "{not json", "not JSON");
        await recorder.PutAsync(path, new { items = Array.Empty<object>() }, "no packages array");
        await recorder.PutAsync(path, new { packages = new object[] { new { id = "p", type = "ASSESSMENT", name = "", description = "d" } } },
            "a type Kombo does not have and an empty name");
        await recorder.PutAsync(path, Assessments.PackageSet(Assessments.SkillsTest, Assessments.VideoInterview), "the first set", racing: "push");
        await Assessments.PushedAsync(Api, run.Id, "DONE");
        await recorder.GetAsync(path, "pushed");
        await recorder.PutAsync(path, Assessments.PackageSet(Assessments.SkillsTest, "pkg-culture"), "a set that withdraws the video interview",
            racing: "push");
        await Assessments.PushedAsync(Api, run.Id, "DONE");
        await recorder.GetAsync(path, "the second set, pushed");
    }

    private async Task OrdersAsync()
    {
        var recorder = run.Recorder;
        recorder.Section = "06-orders";
        var jobs = run.Integration.Records(SandboxModel.Jobs).ToDictionary(j => j.Id, j => j.RemoteId);

        var accepted = await OrderAsync("accepted", Spec(jobs[sync.OpenJob]));
        await InvitationSentAsync(accepted.Id);
        await recorder.GetAsync($"/api/orders/{accepted.Id}", "accepted and invited");
        await OrderAsync("unknown-package", Spec(jobs[sync.OpenJob]) with { PackageId = "pkg-nobody-offers" });
        await OrderAsync("withdrawn-package", Spec(jobs[sync.OpenJob]) with { PackageId = Assessments.VideoInterview });
        var closedJob = await OrderAsync("closed-job", Spec(jobs[sync.ClosedJob]));
        await OrderAsync("invalid-email", Spec(jobs[sync.OpenJob]) with { CandidateEmail = "not-an-email" });
        await recorder.GetAsync($"/api/orders/{closedJob.Id}", "rejected: its job is closed");
        var inline = await OrderAsync("inline", Spec(jobs[sync.OpenJob]) with { Inline = true });
        await recorder.GetAsync($"/api/orders/{inline.Id}", "inline: invited by our answer");
        await RepeatAsync(accepted, "a repeat of the accepted order's event gets the stored answer");
        await RepeatAsync(closedJob, "a repeat of a rejected order's event gets the stored answer");

        await recorder.PostAsync($"/api/orders/{accepted.Id}/result", new { status = "COMPLETED" }, "a result without result_url");
        await recorder.PostAsync($"/api/orders/{accepted.Id}/result", BadAttachment(), "an attachment whose content_type Kombo refuses");
        await recorder.PostAsync($"/api/orders/{accepted.Id}/result", Assessments.Result(), "Kombo's example result");
        await Assessments.WrittenBackAsync(Api, accepted.Id);
        await recorder.GetAsync($"/api/orders/{accepted.Id}", "completed and written back");
        await recorder.PostAsync($"/api/orders/{accepted.Id}/write-back/retry", note: "a write-back that did not fail");
        await recorder.PostAsync($"/api/orders/{accepted.Id}/invitation/resolve", new { delivered = "yes" }, "a verdict that is not a boolean");
        await recorder.PostAsync($"/api/orders/{accepted.Id}/invitation/resolve", new { delivered = true }, "an invitation not in doubt");

        var cancelled = await OrderAsync("cancelled", Spec(jobs[sync.OpenJob]));
        await InvitationSentAsync(cancelled.Id);
        await recorder.PostAsync($"/api/orders/{cancelled.Id}/cancel", note: "cancelled by the vendor");
        await Assessments.WaitForAsync(Api, cancelled.Id, o => o.Status() == "CANCELLED" && WrittenBack(o), "cancelled and written back");
        await recorder.GetAsync($"/api/orders/{cancelled.Id}", "cancelled and written back");
        await recorder.PostAsync($"/api/orders/{cancelled.Id}/result", Assessments.Result(), "a result for a cancelled order");

        await ReconcileAsync(jobs[sync.OpenJob]);

        await recorder.GetUnorderedAsync($"{run.Path}/orders", "every order");
        await recorder.GetUnorderedAsync($"{run.Path}/orders?status=REJECTED");
        await recorder.GetUnorderedAsync($"{run.Path}/orders?status=INVITED,COMPLETED");
        await recorder.GetUnorderedAsync($"{run.Path}/orders?flagged=false&status=CANCELLED");
        await recorder.GetAsync($"{run.Path}/orders?flagged=true");
    }

    /// <summary>Kombo lists one order cancelled in the ATS and one whose webhook never came; a reconciliation sees both.</summary>
    private async Task ReconcileAsync(string? openJob)
    {
        var recorder = run.Recorder;
        var cancelledInAts = await OrderAsync("cancelled-in-ats", Spec(openJob));
        await InvitationSentAsync(cancelledInAts.Id);
        run.Integration.Assessment.ChangeInAts(cancelledInAts.Id, "CANCELLED");
        var missed = await run.Integration.CreateOrderAsync(Spec(openJob) with { DeliverWebhook = false });
        run.Normaliser.Name(missed.Id, "<order:missed>");

        await recorder.PostAsync($"{run.Path}/orders/reconcile", note: "reconciliation with Kombo");
        await Assessments.WaitForAsync(Api, cancelledInAts.Id, o => o.Status() == "CANCELLED", "the ATS's cancellation is seen");
        await Poll.UntilAsync(async () => (await Api.GetAsync($"/api/orders/{missed.Id}")).IsSuccessStatusCode, "the missed order is taken");
        await InvitationSentAsync(missed.Id);
        await recorder.GetAsync($"/api/orders/{cancelledInAts.Id}", "cancelled in the ATS, seen by reconciliation");
        await recorder.GetAsync($"/api/orders/{missed.Id}", "missed, taken by reconciliation");
    }

    private static OrderSpec Spec(string? jobRemoteId) => new()
    {
        PackageId = Assessments.SkillsTest,
        CandidateEmail = Email,
        FirstName = "Ada",
        LastName = "Lovelace",
        Phone = "+44 20 7946 0000",
        CandidateRemoteId = "cand-1",
        ApplicationRemoteId = "app-1",
        JobRemoteId = jobRemoteId,
        JobName = "Analyst",
    };

    /// <summary>Places an order in the sandbox, which delivers its webhook; the answer is recorded.</summary>
    private async Task<AssessmentOrder> OrderAsync(string name, OrderSpec spec)
    {
        var order = await run.WithSandboxDeliveryAsync(() => run.Integration.CreateOrderAsync(spec));
        run.Normaliser.Name(order.Id, $"<order:{name}>");
        var outcome = order.Webhook!;
        run.Recorder.Record("POST", "/webhooks/kombo", $"order {++_orders} ({name}): {outcome.Type}", outcome.StatusCode ?? 0, outcome.ResponseBody);
        return order;
    }

    private async Task RepeatAsync(AssessmentOrder order, string note)
    {
        var webhookEvent = run.Fixture.Sandbox.Webhooks.Events.Single(e => e.IsOrder && e.BodyText.Contains(order.Id, StringComparison.Ordinal));
        using var response = await run.Fixture.Gateway.Webhooks.SendRawAsync(webhookEvent.BodyText);
        run.Recorder.Record("POST", "/webhooks/kombo", note, (int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private Task InvitationSentAsync(string orderId) => Assessments.WaitForAsync(Api, orderId,
        o => o.Status() == "INVITED" && o.GetProperty("invitation") is { ValueKind: JsonValueKind.Object } invitation
            && invitation.GetProperty("status").GetString() == "SENT",
        "the invitation is sent", TimeSpan.FromSeconds(60));

    private static bool WrittenBack(JsonElement order) =>
        order.GetProperty("write_back") is { ValueKind: JsonValueKind.Object } w && w.GetProperty("status").GetString() != "PENDING";

    private static object BadAttachment() => new
    {
        status = "COMPLETED",
        result_url = "https://assessments.example.com/results/2",
        attachments = new[] { new { name = "report.svg", data = "SGk=", content_type = "image/svg+xml" } },
    };
}
