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
        var type = envelope["type"]!.GetValue<string>();
        var inbox = await InboxRows.StatusAsync(id);
        if (inbox is null && Integration(type, envelope["data"]) is { } integration)
        {
            // A deleted integration's purge takes everything it owned, its webhooks in the inbox included (issue 14's
            // retention). Kombo's examples delete their integration long ago, so the purge follows at once and takes this
            // event's row, or that of another example about the same integration (Kombo's examples share one id).
            inbox = await TestDatabase.ScalarAsync<bool>(
                "SELECT EXISTS (SELECT 1 FROM integrations WHERE id = @id AND data_purged_at IS NOT NULL)", ("id", integration))
                ? "PROCESSED"
                : await TestDatabase.ScalarAsync<string>("""
                    SELECT 'none; integration ' || coalesce((SELECT state || ', deleted_at ' || coalesce(deleted_at::text, '-')
                                                                     || ', data_purged_at ' || coalesce(data_purged_at::text, '-')
                                                               FROM integrations WHERE id = @id), 'unknown')
                    """, ("id", integration));
        }
        return new Delivery(type, id, (int)response.StatusCode, await response.Content.ReadAsStringAsync(), inbox);
    }

    /// <summary>The integration an event is about, as the inbox records it.</summary>
    private static string? Integration(string type, JsonNode? data)
    {
        var key = type is KomboEventTypes.IntegrationCreated or KomboEventTypes.IntegrationDeleted ? "id" : "integration_id";
        return data is JsonObject o && o[key] is JsonValue value && value.TryGetValue<string>(out var id) ? id : null;
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
