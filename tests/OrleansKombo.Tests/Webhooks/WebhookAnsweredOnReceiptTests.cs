using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansKombo.Gateway.Hosting;
using OrleansKombo.Gateway.Webhooks;
using OrleansKombo.Integrations;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Webhooks;

/// <summary>
/// Issue 16, item 5: integration events are answered 200 once their inbox row is committed and handed to their grain
/// after the answer, in order per integration (across gateways), each exactly once; orders are still decided before
/// their answer. (Answered 200 with no silo up, then processed when one returns: WebhookDurabilityTests.)
/// </summary>
[Collection(KomboClusterCollection.Name)]
public sealed class WebhookAnsweredOnReceiptTests(KomboCluster fixture)
{
    [Fact]
    public async Task Events_for_one_integration_sent_through_two_gateways_reach_its_grain_in_the_order_received_each_once()
    {
        await using var second = await TestGateway.StartAsync(fixture.Cluster.ClusterId, fixture.Cluster.ServiceId);
        await second.WaitUntilReadyAsync();
        var integration = KomboEvents.NewIntegrationId();
        var started = DateTimeOffset.UtcNow.AddHours(-1);
        // Alternating kinds and gateways; each sync-finished is a newer Kombo sync, so the grain's last sync is the last one sent.
        var envelopes = Enumerable.Range(0, 12).Select(i => i % 3 == 1
                ? KomboEvents.DataChanged(integration, "ats_jobs")
                : KomboEvents.SyncFinished(integration, syncId: $"sync-{i}", endedAt: started.AddMinutes(i)))
            .ToList();
        var ids = envelopes.Select(e => JsonSerializer.SerializeToElement(e).GetProperty("id").GetString()!).ToList();

        for (var i = 0; i < envelopes.Count; i++)
        {
            var gateway = i % 2 == 0 ? fixture.Gateway : second;
            var answer = await gateway.Webhooks.SendWithoutWaitingAsync(envelopes[i]);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        await Poll.UntilAsync(async () => await TestDatabase.ScalarAsync<long>(
                "SELECT count(*) FROM webhook_inbox WHERE id = ANY(@ids) AND status = 'PROCESSED'", ("ids", ids.ToArray())) == ids.Count,
            "every event is processed");
        var rows = await RowsInProcessingOrderAsync(ids);
        Assert.Equal(ids, rows.Select(r => r.Id).ToList());
        Assert.All(rows, r => Assert.Equal(1, r.Attempts));
        var status = await fixture.Grains.GetGrain<IIntegrationGrain>(integration).GetStatus();
        Assert.Equal("sync-11", status.LastSync?.SyncId);
    }

    [Fact]
    public async Task Only_the_oldest_unfinished_event_of_an_integration_can_be_claimed_whichever_gateway_asks()
    {
        await TestDatabase.EnsureMigratedAsync();
        var service = $"svc-{Guid.NewGuid():N}";
        var one = Inbox(service);
        var other = Inbox(service);
        var integration = KomboEvents.NewIntegrationId();
        var unrelated = KomboEvents.NewIntegrationId();
        var ids = new List<string>();
        foreach (var envelope in new[]
                 {
                     KomboEvents.SyncFinished(integration), KomboEvents.DataChanged(integration), KomboEvents.SyncFinished(unrelated),
                     KomboEvents.SyncFinished(integration),
                 })
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(envelope);
            var reading = KomboEventReader.Read(body);
            Assert.Null(await one.TryInsertAsync(reading.Event!, StoredBody.Of(body, reading.Body), InboxStatus.Received, WebhookAnswer.Ok,
                CancellationToken.None, deferred: true));
            ids.Add(reading.Event!.Id);
        }

        // Two gateways ask at once: the first row is claimed by exactly one of them; the rows behind it by none.
        var claims = await Task.WhenAll(
            one.ClaimHeadsAsync([integration, unrelated], CancellationToken.None),
            other.ClaimHeadsAsync([integration, unrelated], CancellationToken.None));
        var claimed = claims.SelectMany(c => c).Select(r => r.Id).Order().ToList();
        Assert.Equal(new[] { ids[0], ids[2] }.Order().ToList(), claimed);
        Assert.Empty(await other.ClaimHeadsAsync([integration], CancellationToken.None));

        // A failed head keeps the rest waiting until its retry; once it is finished, the next one is the head.
        await one.FailAsync(ids[0], "test: the grain did not answer", CancellationToken.None);
        Assert.Empty(await other.ClaimHeadsAsync([integration], CancellationToken.None));
        await TestDatabase.ScalarAsync<int>("UPDATE webhook_inbox SET next_attempt_at = now() WHERE id = @id RETURNING 1", ("id", ids[0]));
        Assert.Equal(ids[0], Assert.Single(await other.ClaimHeadsAsync([integration], CancellationToken.None)).Id);
        await other.CompleteAsync(ids[0], InboxStatus.Processed, WebhookAnswer.Ok, CancellationToken.None);
        Assert.Equal(ids[1], Assert.Single(await one.ClaimHeadsAsync([integration], CancellationToken.None)).Id);
    }

    [Fact]
    public async Task An_order_is_still_decided_before_its_answer()
    {
        var envelope = KomboEvents.OrderReceived(KomboEvents.NewIntegrationId(), $"order_{Guid.NewGuid():N}", email: null);
        var id = JsonSerializer.SerializeToElement(envelope).GetProperty("id").GetString()!;

        var answer = await fixture.Gateway.Webhooks.SendWithoutWaitingAsync(envelope);

        // The decision is in the answer, so the grain ran before it: the row is finished when the answer arrives.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        Assert.Equal("PROCESSED", await InboxRows.StatusAsync(id));
        Assert.False(await InboxRows.DeferredAsync(id));
        Assert.Equal(1, await InboxRows.AttemptsAsync(id));
    }

    private static WebhookInbox Inbox(string serviceId) => new(
        TestDatabase.DataSource, Options.Create(new ClusterOptions { ServiceId = serviceId }), new GatewayLimits());

    private sealed record Row(string Id, int Attempts);

    private static async Task<List<Row>> RowsInProcessingOrderAsync(IReadOnlyList<string> ids)
    {
        await using var command = TestDatabase.DataSource.CreateCommand(
            "SELECT id, attempts FROM webhook_inbox WHERE id = ANY(@ids) ORDER BY processed_at, seq");
        command.Parameters.AddWithValue("ids", ids.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Row>();
        while (await reader.ReadAsync())
        {
            rows.Add(new Row(reader.GetString(0), reader.GetInt32(1)));
        }
        return rows;
    }
}
