using System.Text;
using System.Text.Json.Nodes;
using OrleansKombo.Gateway.Webhooks;
using OrleansKombo.UnitTests.Fakes;
using OrleansKombo.UnitTests.Infrastructure;
using OrleansKombo.Webhooks;

namespace OrleansKombo.UnitTests.Webhooks;

public sealed class WebhookRoutesTests
{
    [SharedFileFact("kombo/examples/webhook-sync-finished.json")]
    public void Kombo_s_sync_finished_example_is_routed_to_its_integration() => AssertRouted("kombo/examples/webhook-sync-finished.json");

    [SharedFileFact("kombo/examples/webhook-data-changed.json")]
    public void Kombo_s_data_changed_example_is_routed_to_its_integration() => AssertRouted("kombo/examples/webhook-data-changed.json");

    [SharedFileFact("kombo/examples/webhook-assessment-order-received.json")]
    public void Kombo_s_order_example_is_routed_and_its_row_names_the_order_s_integration() =>
        AssertRouted("kombo/examples/webhook-assessment-order-received.json");

    [Theory]
    [InlineData(KomboEventTypes.IntegrationCreated, """{"id":"greenhouse:1"}""", "greenhouse:1")]
    [InlineData(KomboEventTypes.IntegrationDeleted, """{"id":"greenhouse:1","deleted_at":"2026-11-30T09:00:00.000Z"}""", "greenhouse:1")]
    [InlineData(KomboEventTypes.IntegrationStateChanged, """{"integration_id":"greenhouse:1","state":"ACTIVE","updated_at":"2026-11-30T09:00:00.000Z"}""", "greenhouse:1")]
    [InlineData(KomboEventTypes.InlineAssessmentOrderReceived, """{"id":"o-1","integration_id":"greenhouse:1","package_id":"p"}""", "greenhouse:1")]
    public void Every_event_a_grain_handles_is_routed_and_names_its_integration(string type, string data, string integrationId)
    {
        var e = Read(new JsonObject { ["id"] = "evt-1", ["type"] = type, ["data"] = JsonNode.Parse(data) });

        Assert.True(WebhookRoutes.IsRouted(e));
        Assert.Equal(integrationId, e.IntegrationId);
    }

    [Theory]
    [InlineData(KomboEventTypes.ConnectionFlowFailed)]
    [InlineData(KomboEventTypes.AiApplyApplicationStatusUpdated)]
    [InlineData(KomboEventTypes.AiApplyJobPostingStatusUpdated)]
    [InlineData("some-type-kombo-adds-later")]
    public async Task An_event_no_grain_handles_is_not_routed_and_delivering_it_is_refused(string type)
    {
        var e = Read(new JsonObject { ["id"] = "evt-1", ["type"] = type, ["data"] = new JsonObject { ["integration_id"] = "greenhouse:1" } });

        Assert.False(WebhookRoutes.IsRouted(e));
        await Assert.ThrowsAsync<InvalidOperationException>(() => WebhookRoutes.DeliverAsync(null!, e));
    }

    private static void AssertRouted(string example)
    {
        var envelope = JsonNode.Parse(SharedFiles.Read(example))!;

        var e = Read(envelope);

        Assert.True(WebhookRoutes.IsRouted(e));
        Assert.Equal((string?)envelope["data"]!["integration_id"], e.IntegrationId);
    }

    private static KomboEvent Read(JsonNode envelope)
    {
        var reading = KomboEventReader.Read(Encoding.UTF8.GetBytes(envelope.ToJsonString()));
        Assert.True(reading.IsUsable, reading.Problem);
        return reading.Event!;
    }
}
