using System.Text.Json.Nodes;
using OrleansKombo.Tests.Infrastructure;
using OrleansKombo.Webhooks;

namespace OrleansKombo.Tests.Webhooks;

/// <summary>One webhook posted to the gateway as Kombo would, with our answer and what the inbox made of it.</summary>
public sealed record Delivery(string Type, string EventId, int Status, string Body, string? InboxStatus)
{
    /// <summary>The types a grain acts on; Kombo's others (connection-flow-failed, AI Apply) are recorded as IGNORED.</summary>
    private static readonly HashSet<string> Routed =
    [
        KomboEventTypes.DataChanged, KomboEventTypes.SyncFinished, KomboEventTypes.IntegrationCreated, KomboEventTypes.IntegrationDeleted,
        KomboEventTypes.IntegrationStateChanged, KomboEventTypes.AssessmentOrderReceived, KomboEventTypes.InlineAssessmentOrderReceived,
    ];

    public static bool IsOrder(string type) => type is KomboEventTypes.AssessmentOrderReceived or KomboEventTypes.InlineAssessmentOrderReceived;

    public static async Task<Delivery> PostAsync(KomboWebhookSender webhooks, JsonObject envelope)
    {
        var response = await webhooks.SendRawAsync(envelope.ToJsonString());
        var id = envelope["id"]!.GetValue<string>();
        return new Delivery(envelope["type"]!.GetValue<string>(), id, (int)response.StatusCode, await response.Content.ReadAsStringAsync(),
            await InboxRows.StatusAsync(id));
    }

    /// <summary>
    /// Why this delivery is not what a valid event deserves, or null: answered 200 (an order also 422, when we reject
    /// it on purpose) and processed: PROCESSED by its grain, or IGNORED for a type no grain handles; never REJECTED.
    /// </summary>
    public string? Problem()
    {
        var answered = Status == 200 || Status == 422 && IsOrder(Type);
        var expected = Routed.Contains(Type) ? "PROCESSED" : "IGNORED";
        return answered && InboxStatus == expected ? null : $"answered {Status} {Body}, inbox {InboxStatus ?? "none"} (expected {expected})";
    }
}
