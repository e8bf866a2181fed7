using System.Text;
using System.Text.Json;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Golden;

/// <summary>
/// The end of the integration (Kombo deletes it), the webhook answers for bad deliveries, and the webhook inbox as the
/// operator API shows it: the list, its filters, one entry with its body, replays.
/// </summary>
public sealed class GoldenWebhooks(GoldenRun run)
{
    public async Task RunAsync()
    {
        await DeletedAsync();
        await BadDeliveriesAsync();
        await InboxAsync();
    }

    private async Task DeletedAsync()
    {
        var recorder = run.Recorder;
        recorder.Section = "08-deleted";
        await run.Fixture.Sandbox.DeleteIntegrationAsync(run.Id);
        await run.DeliverAsync("deleted in Kombo");
        await recorder.GetAsync(run.Path, "deleted: no more pulls; its data stays until the retention has passed");
        await recorder.GetAsync($"{run.Path}/jobs?page_size=2");
        await recorder.PostAsync($"{run.Path}/sync", note: "an operator's sync of a deleted integration");
        await recorder.GetAsync($"{run.Path}/packages");
    }

    private async Task BadDeliveriesAsync()
    {
        var recorder = run.Recorder;
        recorder.Section = "09-webhooks";
        var webhooks = run.Fixture.Gateway.Webhooks;
        var stateChanged = Ad(KomboEvents.Envelope("integration-state-changed", new { integration_id = run.Id, updated_at = DateTimeOffset.UtcNow }),
            "integration-state-changed without state");
        var unknown = Ad(KomboEvents.Envelope("kombo:future-event", new { integration_id = run.Id }), "a type we do not know");
        var flowFailed = Ad(KomboEvents.Envelope("connection-flow-failed", new { integration_id = run.Id }), "connection-flow-failed");
        foreach (var (body, note) in new[] { stateChanged, unknown, flowFailed })
        {
            await DeliverAsync(webhooks.SendRawAsync(body), note);
        }
        await DeliverAsync(webhooks.SendBytesAsync(Encoding.UTF8.GetBytes(stateChanged.Body), "c2lnbmF0dXJl"), "a wrong signature");
        await DeliverAsync(webhooks.SendBytesAsync(Encoding.UTF8.GetBytes(stateChanged.Body), null), "no signature");
        await DeliverAsync(webhooks.SendRawAsync("{\"id\": \"x\", \"type\":"), "not JSON");
        await DeliverAsync(webhooks.SendRawAsync(JsonSerializer.Serialize(new { type = "data-changed", data = new { integration_id = run.Id } })),
            "no id");
    }

    private async Task InboxAsync()
    {
        var recorder = run.Recorder;
        var filter = $"integration_id={Uri.EscapeDataString(run.Id)}";
        var all = await recorder.GetAllPagesAsync($"/api/webhooks?{filter}&page_size=10", "the integration's webhooks, newest first, in pages of 10");
        await recorder.GetAsync($"/api/webhooks?{filter}&type=sync-finished");
        await recorder.GetAsync($"/api/webhooks?{filter}&status=REJECTED");
        await recorder.GetAsync($"/api/webhooks?{filter}&status=IGNORED");
        string Of(string type) => all.First(w => w.GetProperty("type").GetString() == type).GetProperty("id").GetString()!;
        await recorder.GetAsync($"/api/webhooks/{Of("data-changed")}", "one entry with its body");
        await recorder.GetAsync($"/api/webhooks/{Of("assessment:order-received")}", "an order's entry: the phone number is not kept");
        await recorder.PostAsync($"/api/webhooks/{Of("sync-finished")}/replay", note: "a replay of a processed event");
        await recorder.PostAsync($"/api/webhooks/{Of("kombo:future-event")}/replay", note: "no grain handles it: nothing to replay");
    }

    /// <summary>An event the scenario writes itself; its id is named like the sandbox's.</summary>
    private (string Body, string Note) Ad(object envelope, string note)
    {
        var body = JsonSerializer.Serialize(envelope);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        run.Normaliser.Name(id, $"<event:{note}>");
        return (body, note);
    }

    private async Task DeliverAsync(Task<HttpResponseMessage> sending, string note)
    {
        using var response = await sending;
        run.Recorder.Record("POST", "/webhooks/kombo", note, (int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
