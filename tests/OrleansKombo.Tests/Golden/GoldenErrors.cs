using OrleansKombo.Tests.Orders;

namespace OrleansKombo.Tests.Golden;

/// <summary>The error answers: unknown integrations, records and orders, bad parameters, foreign cursors, no API key.</summary>
public sealed class GoldenErrors(GoldenRun run)
{
    private const string UnknownIntegration = "/api/integrations/greenhouse:golden-never-created";

    private const string UnknownOrder = "/api/orders/golden-never-received";

    private static readonly string[] BadParameters =
    [
        "?page_size=0", "?page_size=251", "?page_size=ten", "?cursor=not-ours", "?include_deleted=yes",
    ];

    private static readonly string[] BadJobParameters =
    [
        "?include_deleted=1", "?active=open", "?status=open", "?status=OPEN,PENDING", "?status=,",
    ];

    public async Task RunAsync()
    {
        var recorder = run.Recorder;
        recorder.Section = "07-errors";
        await UnknownIdsAsync();

        foreach (var parameters in BadParameters)
        {
            await recorder.GetAsync($"{run.Path}/users{parameters}");
        }
        foreach (var parameters in BadJobParameters)
        {
            await recorder.GetAsync($"{run.Path}/jobs{parameters}");
        }
        await recorder.GetAsync("/api/integrations?page_size=0");
        await recorder.GetAsync("/api/integrations?cursor=not-ours");
        foreach (var parameters in new[] { "?after=-1", "?after=latest", "?cursor=%25%25%25" })
        {
            await recorder.GetAsync($"{run.Path}/changes{parameters}");
        }
        await recorder.GetAsync($"{run.Path}/orders?status=DONE");
        await recorder.GetAsync($"{run.Path}/orders?flagged=maybe");
        await recorder.GetAsync("/api/webhooks?status=DONE");
        await recorder.GetAsync("/api/webhooks?cursor=not-ours");
        await ForeignCursorsAsync();

        await recorder.GetAnonymousAsync(run.Path, "no API key");
        await recorder.GetAnonymousAsync("/api/webhooks", "no API key");
    }

    private async Task UnknownIdsAsync()
    {
        var recorder = run.Recorder;
        foreach (var route in new[] { "", "/jobs", "/jobs/j-1", "/candidates", "/candidates/c-1", "/application-stages/s-1", "/changes", "/packages", "/orders" })
        {
            await recorder.GetAsync(UnknownIntegration + route, "an integration never created");
        }
        foreach (var route in new[] { "/sync", "/reconcile", "/orders/reconcile" })
        {
            await recorder.PostAsync(UnknownIntegration + route, note: "an integration never created");
        }
        await recorder.PutAsync(UnknownIntegration + "/packages", Assessments.PackageSet(Assessments.SkillsTest), "an integration never created");
        foreach (var model in new[] { "jobs", "candidates", "applications", "users", "tags", "application-stages" })
        {
            await recorder.GetAsync($"{run.Path}/{model}/golden-no-such-record", "a record never synced");
        }
        await recorder.GetAsync($"{run.Path}/widgets", "a model we do not sync");
        await recorder.GetAsync($"{run.Path}/widgets/w-1", "a model we do not sync");

        await recorder.GetAsync(UnknownOrder, "an order never received");
        await recorder.PostAsync(UnknownOrder + "/result", Assessments.Result(), "an order never received");
        await recorder.PostAsync(UnknownOrder + "/cancel", note: "an order never received");
        await recorder.PostAsync(UnknownOrder + "/write-back/retry", note: "an order never received");
        await recorder.PostAsync(UnknownOrder + "/invitation/resolve", new { delivered = false }, "an order never received");
        await recorder.GetAsync("/api/webhooks/golden-no-such-event", "an event never received");
        await recorder.PostAsync("/api/webhooks/golden-no-such-event/replay", note: "an event never received");
    }

    /// <summary>A cursor is only good for the list that gave it out.</summary>
    private async Task ForeignCursorsAsync()
    {
        var recorder = run.Recorder;
        var users = Uri.EscapeDataString((await recorder.GetAsync($"{run.Path}/users?page_size=1")).GetProperty("next").GetString()!);
        var changes = Uri.EscapeDataString((await recorder.GetAsync($"{run.Path}/changes?page_size=1")).GetProperty("next").GetString()!);
        foreach (var path in new[]
        {
            $"{run.Path}/tags?cursor={users}", $"{run.Path}/jobs?cursor={users}", $"{run.Path}/changes?cursor={users}",
            $"{run.Path}/users?cursor={changes}", $"/api/integrations?cursor={users}", $"/api/webhooks?cursor={changes}",
            $"{run.Path}/orders?cursor={users}",
        })
        {
            await recorder.GetAsync(path, "a cursor from another list");
        }
    }
}
