using System.Net;
using System.Text.Json;
using Npgsql;
using OrleansKombo.Integrations;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Webhooks;

/// <summary>Nothing acknowledged is lost: not when PostgreSQL goes away, not when every silo does.</summary>
public sealed class WebhookDurabilityTests(WebhookDurabilityTests.SingleSilo cluster) : IClassFixture<WebhookDurabilityTests.SingleSilo>
{
    public sealed class SingleSilo : PostgresCluster
    {
        public SingleSilo() => InitialSilos = 1;
    }

    [Fact]
    public async Task With_the_database_down_a_webhook_gets_503_and_is_processed_once_kombo_retries()
    {
        var target = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString);
        await using var proxy = new TcpProxy(target.Host!, target.Port);
        var throughProxy = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { Port = proxy.Port, Timeout = 3 }.ConnectionString;
        await using var gateway = await TestGateway.StartAsync(cluster.ClusterId, cluster.ServiceId, connectionString: throughProxy);
        await gateway.WaitUntilReadyAsync();
        var integration = KomboEvents.NewIntegrationId();
        var body = JsonSerializer.Serialize(KomboEvents.SyncFinished(integration));
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;

        proxy.Cut();
        var whileDown = await gateway.Webhooks.SendRawAsync(body);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileDown.StatusCode);
        Assert.Equal(0, await InboxRows.CountAsync(id));

        proxy.Restore();
        await Poll.UntilAsync(async () => (await gateway.Webhooks.SendRawAsync(body)).StatusCode == HttpStatusCode.OK,
            "Kombo's retry is accepted after recovery");
        Assert.Equal("PROCESSED", await InboxRows.StatusAsync(id));
        Assert.True((await cluster.Grains.GetGrain<IIntegrationGrain>(integration).GetStatus()).PullRequestedOrStarted());
    }

    [Fact]
    public async Task With_no_silo_up_an_integration_event_is_answered_200_once_recorded_and_processed_when_a_silo_returns()
    {
        await using var gateway = await TestGateway.StartAsync(cluster.ClusterId, cluster.ServiceId);
        await gateway.WaitUntilReadyAsync();
        var integration = KomboEvents.NewIntegrationId();
        var envelope = KomboEvents.SyncFinished(integration);
        var order = KomboEvents.OrderReceived(integration, $"order_{Guid.NewGuid():N}", email: null);
        var id = JsonSerializer.SerializeToElement(envelope).GetProperty("id").GetString()!;
        var orderId = JsonSerializer.SerializeToElement(order).GetProperty("id").GetString()!;

        foreach (var silo in cluster.Cluster.Silos.ToList())
        {
            await cluster.Cluster.StopSiloAsync(silo);
        }
        // Issue 16: the answer needs no grain, only the committed row; the grain gets the event after the answer.
        var whileDown = await gateway.Webhooks.SendWithoutWaitingAsync(envelope);
        // An order's answer is its grain's decision: without a grain it is 503, as before.
        var orderWhileDown = await gateway.Webhooks.SendWithoutWaitingAsync(order);

        Assert.Equal(HttpStatusCode.OK, whileDown.StatusCode);
        Assert.True(await InboxRows.DeferredAsync(id));
        Assert.Contains(await InboxRows.StatusAsync(id), new[] { "RECEIVED", "FAILED" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, orderWhileDown.StatusCode);
        Assert.Equal("FAILED", await InboxRows.StatusAsync(orderId));
        // Kombo's repeat meanwhile gets the first answer at once and adds no attempt.
        var attempts = await InboxRows.AttemptsAsync(id);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Webhooks.SendWithoutWaitingAsync(envelope)).StatusCode);
        Assert.InRange(await InboxRows.AttemptsAsync(id), attempts, attempts + 1);

        await cluster.Cluster.StartAdditionalSiloAsync();
        await Poll.UntilAsync(async () => await InboxRows.StatusAsync(id) == "PROCESSED",
            "the sweeper delivers the event once a silo is back", TimeSpan.FromSeconds(90));
        Assert.True((await cluster.Grains.GetGrain<IIntegrationGrain>(integration).GetStatus()).PullRequestedOrStarted());
        var again = await gateway.Webhooks.SendWithoutWaitingAsync(envelope);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("PROCESSED", await InboxRows.StatusAsync(id));
    }
}
