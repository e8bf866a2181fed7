using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansKombo.Integrations;
using OrleansKombo.Tests.Infrastructure;
using OrleansKombo.Tests.Orders;

namespace OrleansKombo.Tests.Webhooks;

/// <summary>
/// Required means required (KomboEventTypes.Shapes): an event without the integration or order it is about is
/// answered 400 and recorded REJECTED. Everything else may be missing or null, and what a grain knew stays.
/// </summary>
[Collection(KomboClusterCollection.Name)]
public sealed class WebhookRequiredKeysTests(KomboCluster fixture)
{
    private KomboWebhookSender Webhooks => fixture.Gateway.Webhooks;

    private static JsonObject Node(object envelope) => JsonSerializer.SerializeToNode(envelope)!.AsObject();

    private static string IdOf(JsonObject envelope) => envelope["id"]!.GetValue<string>();

    public static TheoryData<string, string> EventsWithoutTheirSubject() => new()
    {
        { "sync-finished", "integration_id" },
        { "data-changed", "integration_id" },
        { "integration-created", "id" },
        { "integration-deleted", "id" },
        { "integration-state-changed", "integration_id" },
        { "assessment:order-received", "id" },
        { "assessment:order-received", "integration_id" },
        { "inline-assessment:order-received", "id" },
    };

    [Theory]
    [MemberData(nameof(EventsWithoutTheirSubject))]
    public async Task An_event_without_the_integration_or_order_it_is_about_gets_400_and_is_recorded_as_rejected(string type, string key)
    {
        var integration = KomboEvents.NewIntegrationId();
        var envelope = Node(type switch
        {
            "sync-finished" => KomboEvents.SyncFinished(integration),
            "data-changed" => KomboEvents.DataChanged(integration),
            "integration-created" => KomboEvents.IntegrationCreated(integration),
            "integration-deleted" => KomboEvents.IntegrationDeleted(integration),
            "integration-state-changed" => KomboEvents.IntegrationStateChanged(integration, "ACTIVE", DateTimeOffset.UtcNow),
            _ => KomboEvents.OrderReceived(integration, $"order_{Guid.NewGuid():N}", inline: type.StartsWith("inline", StringComparison.Ordinal)),
        });
        envelope["data"]!.AsObject().Remove(key);

        var response = await Webhooks.SendRawAsync(envelope.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("message").GetString();
        Assert.Contains(key, message);
        Assert.Equal("REJECTED", await InboxRows.StatusAsync(IdOf(envelope)));
    }

    [Fact]
    public async Task An_order_without_a_candidate_is_rejected_with_422_for_the_recruiter_not_400()
    {
        var integration = await Assessments.OfferingAsync(fixture);
        var envelope = Node(KomboEvents.OrderReceived(integration.Id, $"order_{Guid.NewGuid():N}"));
        envelope["data"]!.AsObject().Remove("candidate");

        var response = await Webhooks.SendRawAsync(envelope.ToJsonString());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("email", await response.Content.ReadAsStringAsync());
        Assert.Equal("PROCESSED", await InboxRows.StatusAsync(IdOf(envelope)));
    }

    [Fact]
    public async Task Events_without_the_descriptive_keys_are_acted_on_and_what_the_integration_knew_stays()
    {
        var integration = KomboEvents.NewIntegrationId("recruitee");
        await Webhooks.SendAsync(KomboEvents.IntegrationCreated(integration));
        var bare = new JsonObject
        {
            ["integration_id"] = integration,
            ["sync_id"] = "sync-bare",
            ["sync_state"] = "SUCCEEDED",
            ["sync_started_at"] = "2026-01-01T00:00:00.000Z",
            ["sync_ended_at"] = "2026-01-01T00:05:00.000Z",
        };

        var sync = await Webhooks.SendRawAsync(new JsonObject { ["id"] = KomboEvents.NewId(), ["type"] = "sync-finished", ["data"] = bare }.ToJsonString());
        var state = await Webhooks.SendRawAsync(new JsonObject
        {
            ["id"] = KomboEvents.NewId(),
            ["type"] = "integration-state-changed",
            ["data"] = new JsonObject { ["integration_id"] = integration, ["state"] = "INVALID", ["updated_at"] = "2026-01-01T00:06:00.000Z", ["end_user"] = null },
        }.ToJsonString());

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (sync.StatusCode, state.StatusCode));
        var status = await fixture.Grains.GetGrain<IIntegrationGrain>(integration).GetStatus();
        Assert.Equal("sync-bare", status.LastSync?.SyncId);
        Assert.Equal(IntegrationLifecycle.Invalid, status.State);
        Assert.Equal(("recruitee", "ATS"), (status.Tool, status.Category));
    }

    [Fact]
    public async Task A_sync_finished_an_earlier_version_rejected_for_its_missing_end_user_is_processed_on_replay()
    {
        var integration = KomboEvents.NewIntegrationId();
        var envelope = Node(KomboEvents.SyncFinished(integration, syncId: "sync-once-rejected"));
        envelope["data"]!.AsObject().Remove("end_user");
        var id = IdOf(envelope);
        // As the strict reader before issue 10 left it: REJECTED with a 400, never handed to the grain.
        await TestDatabase.ScalarAsync<int>("""
            INSERT INTO webhook_inbox (id, type, integration_id, body, status, answer_status, answer_body, processed_at, service_id)
            VALUES (@id, 'sync-finished', @integration, @body, 'REJECTED', 400, '{"status":"error","error":{"message":"no end_user"}}', now(), @service)
            RETURNING 1
            """, ("id", id), ("integration", integration), ("body", envelope.ToJsonString()), ("service", fixture.Cluster.ServiceId));

        var replay = await fixture.Gateway.Api.PostAsync($"/api/webhooks/{id}/replay", null);

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal("PROCESSED", await InboxRows.StatusAsync(id));
        Assert.Equal("sync-once-rejected", (await fixture.Grains.GetGrain<IIntegrationGrain>(integration).GetStatus()).LastSync?.SyncId);
    }

    [Fact]
    public async Task Unknown_keys_and_enum_values_are_accepted_and_the_inbox_keeps_the_body_as_sent()
    {
        var integration = KomboEvents.NewIntegrationId();
        var envelope = Node(KomboEvents.DataChanged(integration, "ats_something_new"));
        envelope["data"]!["integration_category"] = "CRM";
        envelope["data"]!["added_later"] = new JsonObject { ["by"] = "Kombo" };

        var response = await Webhooks.SendRawAsync(envelope.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("PROCESSED", await InboxRows.StatusAsync(IdOf(envelope)));
        var body = await TestDatabase.ScalarAsync<string>("SELECT body FROM webhook_inbox WHERE id = @id", ("id", IdOf(envelope)));
        Assert.Contains("ats_something_new", body);
        Assert.Contains("added_later", body);
        Assert.Equal("CRM", (await fixture.Grains.GetGrain<IIntegrationGrain>(integration).GetStatus()).Category);
    }
}
