using System.Net;
using System.Text.Json;
using OrleansKombo.Integrations;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Webhooks;

[Collection(KomboClusterCollection.Name)]
public sealed class WebhookIdempotencyTests(KomboCluster fixture)
{
    [Fact]
    public async Task The_same_event_id_twice_gets_the_same_answer_and_is_processed_once()
    {
        var integration = KomboEvents.NewIntegrationId();
        var body = JsonSerializer.Serialize(KomboEvents.SyncFinished(integration));
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;

        var first = await fixture.Gateway.Webhooks.SendRawAsync(body);
        var second = await fixture.Gateway.Webhooks.SendRawAsync(body);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, await InboxRows.AttemptsAsync(id));
        Assert.Equal("PROCESSED", await InboxRows.StatusAsync(id));
    }

    [Fact]
    public async Task Twenty_concurrent_deliveries_of_one_order_are_processed_exactly_once_and_agree()
    {
        var integration = KomboEvents.NewIntegrationId();
        var body = JsonSerializer.Serialize(KomboEvents.OrderReceived(integration, $"order_{Guid.NewGuid():N}", email: null));
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => fixture.Gateway.Webhooks.SendRawAsync(body)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
        Assert.Equal(1, await InboxRows.AttemptsAsync(id));
    }

    [Fact]
    public async Task Twenty_concurrent_deliveries_of_one_sync_are_processed_exactly_once()
    {
        var integration = KomboEvents.NewIntegrationId();
        var body = JsonSerializer.Serialize(KomboEvents.SyncFinished(integration));
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => fixture.Gateway.Webhooks.SendRawAsync(body)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, await InboxRows.AttemptsAsync(id));
        var status = await fixture.Grains.GetGrain<IIntegrationGrain>(integration).GetStatus();
        Assert.True(status.PullRequestedOrStarted());
    }
}
