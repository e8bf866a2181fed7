using System.Text.Json;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using Npgsql;
using OrleansKombo.Catalog;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Tests.Api;
using OrleansKombo.Tests.Infrastructure;
using OrleansKombo.Tests.Orders;

namespace OrleansKombo.Tests.Sync;

/// <summary>
/// Retention as the seeds promise (issue 14): a deleted integration's orders, invitations and webhooks go with its
/// synced data; a purged record's values leave the change feed; change-feed entries older than Sync:RetainChangesFor
/// go, a bounded batch at a time.
/// </summary>
[Collection(KomboClusterCollection.Name)]
public sealed class RetentionTests(KomboCluster fixture)
{
    [Fact]
    public async Task Purging_a_deleted_record_removes_its_values_from_the_change_feed_and_keeps_what_changed_when()
    {
        await TestDatabase.EnsureMigratedAsync();
        var integration = KomboEvents.NewIntegrationId();
        var store = new RecordStore();
        var longAgo = DateTimeOffset.UtcNow.AddDays(-30);

        await StoredRecords.InTransactionAsync(c => store.WritePageAsync(c, integration, AtsModel.Candidates,
            [StoredRecords.Kept("gone", "Ada Lovelace"), StoredRecords.Kept("kept", "Grace Hopper")], null, default));
        await StoredRecords.InTransactionAsync(c => store.WritePageAsync(c, integration, AtsModel.Candidates,
            [StoredRecords.Kept("gone", "Ada King"), StoredRecords.Kept("kept", "Grace B. Hopper")], null, default));
        await StoredRecords.InTransactionAsync(c => store.WritePageAsync(c, integration, AtsModel.Candidates,
            [StoredRecords.Kept("gone", "Ada King", longAgo)], null, default));
        Assert.True(await FeedMentionsAsync(integration, "Ada"));

        var purged = 0;
        await StoredRecords.InTransactionAsync(async c =>
            purged = await store.PurgeDeletedAsync(c, integration, DateTimeOffset.UtcNow.AddDays(-14), default));

        Assert.Equal(1, purged);
        Assert.False(await FeedMentionsAsync(integration, "Ada"));
        Assert.Equal(3L, await TestDatabase.ScalarAsync<long>(
            "SELECT count(*) FROM change_feed WHERE integration_id = @i AND record_id = 'gone' AND before IS NULL AND after IS NULL "
            + "AND cardinality(changed_fields) > 0", ("i", integration)));
        Assert.Equal(2L, await TestDatabase.ScalarAsync<long>(
            "SELECT count(*) FROM change_feed WHERE integration_id = @i AND record_id = 'kept' AND after::text LIKE '%Grace%'", ("i", integration)));
    }

    [Fact]
    public async Task Old_change_feed_entries_go_in_bounded_batches_and_never_before_the_job_grains_were_told()
    {
        await TestDatabase.EnsureMigratedAsync();
        var integration = KomboEvents.NewIntegrationId();
        var other = KomboEvents.NewIntegrationId();
        var old = await InsertFeedAsync(integration, 12, TimeSpan.FromDays(40));
        var recent = await InsertFeedAsync(integration, 3, TimeSpan.FromDays(1));
        await InsertFeedAsync(other, 4, TimeSpan.FromDays(40));
        var store = new RecordStore();
        var cutoff = DateTimeOffset.UtcNow.AddDays(-30);

        // The job grains have heard of the first three only: nothing after them goes, however old.
        Assert.Equal(3, await TrimAsync(store, integration, cutoff, notifiedThrough: old[2], batch: 5));
        Assert.Equal(0, await TrimAsync(store, integration, cutoff, notifiedThrough: old[2], batch: 5));
        var batches = new List<int>();
        int dropped;
        do
        {
            batches.Add(dropped = await TrimAsync(store, integration, cutoff, recent[^1], batch: 5));
        }
        while (dropped == 5);

        Assert.Equal([5, 4], batches);
        Assert.Equal(recent, await SeqsAsync(integration));
        Assert.Equal(4, (await SeqsAsync(other)).Count);
    }

    [Fact]
    public async Task A_pull_drops_the_integrations_change_feed_entries_older_than_the_retention_period()
    {
        var since = DateTimeOffset.UtcNow;
        var integration = fixture.Sandbox.CreateIntegration(new IntegrationSpec
        {
            Scale = new GeneratorScale { Jobs = 3, Candidates = 10, Applications = 10, Users = 2, Tags = 2 },
            Seed = Random.Shared.Next(),
        });
        await integration.FinishSync().Webhooks;
        await SyncedData.PullSucceededAsync(fixture.Grains, integration.Id, since);
        var first = await SeqsAsync(integration.Id);
        Assert.NotEmpty(first);
        // A month and more passes for what the first sync wrote; then one record changes.
        await TestDatabase.ScalarAsync<int>("UPDATE change_feed SET at = now() - interval '31 days' WHERE integration_id = @i", ("i", integration.Id));
        integration.UpdateRecords(SandboxModel.Candidates, 1);

        since = DateTimeOffset.UtcNow;
        await integration.FinishSync().Webhooks;
        await SyncedData.PullSucceededAsync(fixture.Grains, integration.Id, since);

        var left = await SeqsAsync(integration.Id);
        Assert.NotEmpty(left);
        Assert.DoesNotContain(left, first.Contains);
    }

    [Fact]
    public async Task A_deleted_integrations_orders_invitations_and_webhooks_go_after_the_retention_period_with_its_data()
    {
        var old = await Assessments.OfferingAsync(fixture);
        var recent = await Assessments.OfferingAsync(fixture);
        var oldOrder = await Assessments.OrderAsync(old, MailSink.NewAddress("purged"));
        var recentOrder = await Assessments.OrderAsync(recent, MailSink.NewAddress("kept"));
        await Assessments.InvitedAsync(fixture.Gateway.Api, oldOrder.Id);
        await Assessments.InvitedAsync(fixture.Gateway.Api, recentOrder.Id);
        var before = DateTimeOffset.UtcNow;
        Assert.True(await InboxRowsAsync(old.Id, before) > 0);

        await fixture.Gateway.Webhooks.SendAsync(KomboEvents.IntegrationDeleted(recent.Id));
        // Deleted by Kombo longer ago than Sync:RetainDeletedFor (14 days by default): due at once.
        await fixture.Gateway.Webhooks.SendAsync(KomboEvents.IntegrationDeleted(old.Id, DateTimeOffset.UtcNow.AddDays(-30)));
        await Poll.UntilAsync(async () => (await fixture.Gateway.Api.GetJsonAsync($"/api/integrations/{old.Id}"))
            .GetProperty("data_purged_at").ValueKind == JsonValueKind.String, "the long-deleted integration's data is purged");

        Assert.Equal((0L, 0L, 0L), (await OrdersAsync(old.Id), await OutboxRowsAsync(oldOrder.Id), await InboxRowsAsync(old.Id, before)));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await fixture.Gateway.Api.GetAsync($"/api/orders/{oldOrder.Id}")).StatusCode);
        Assert.Equal((1L, 1L), (await OrdersAsync(recent.Id), await OutboxRowsAsync(recentOrder.Id)));
        Assert.True(await InboxRowsAsync(recent.Id, before) > 0);
    }

    private static async Task<int> TrimAsync(RecordStore store, string integration, DateTimeOffset cutoff, long notifiedThrough, int batch)
    {
        await using var connection = await TestDatabase.DataSource.OpenConnectionAsync();
        return await store.TrimChangeFeedAsync(connection, integration, cutoff, notifiedThrough, batch, default);
    }

    /// <summary>Feed entries as one pull's pages write them: one transaction, so one <c>at</c>, some time ago.</summary>
    private static async Task<List<long>> InsertFeedAsync(string integration, int count, TimeSpan ago)
    {
        await using var command = TestDatabase.DataSource.CreateCommand("""
            INSERT INTO change_feed (integration_id, model, record_id, kind, changed_fields, before, after, at)
            SELECT @i, 'tags', 'tag-' || n, 'CREATED', ARRAY['name'], NULL, jsonb_build_object('name', 'tag ' || n), now() - @ago
              FROM generate_series(1, @count) AS n
            RETURNING seq
            """);
        command.Parameters.AddWithValue("i", integration);
        command.Parameters.AddWithValue("ago", ago);
        command.Parameters.AddWithValue("count", count);
        var seqs = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            seqs.Add(reader.GetInt64(0));
        }
        seqs.Sort();
        return seqs;
    }

    private static async Task<List<long>> SeqsAsync(string integration)
    {
        await using var command = TestDatabase.DataSource.CreateCommand("SELECT seq FROM change_feed WHERE integration_id = @i ORDER BY seq");
        command.Parameters.AddWithValue("i", integration);
        var seqs = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            seqs.Add(reader.GetInt64(0));
        }
        return seqs;
    }

    private static async Task<bool> FeedMentionsAsync(string integration, string text) => await TestDatabase.ScalarAsync<long>(
        "SELECT count(*) FROM change_feed WHERE integration_id = @i AND (coalesce(before::text, '') || coalesce(after::text, '')) LIKE '%' || @t || '%'",
        ("i", integration), ("t", text)) > 0;

    private static Task<long> OrdersAsync(string integration) =>
        TestDatabase.ScalarAsync<long>("SELECT count(*) FROM orders WHERE integration_id = @i", ("i", integration));

    private static Task<long> OutboxRowsAsync(string order) =>
        TestDatabase.ScalarAsync<long>("SELECT count(*) FROM invitation_outbox WHERE order_id = @o", ("o", order));

    /// <summary>The integration's webhooks received before <paramref name="before"/> (the deletion's own may come and go).</summary>
    private static Task<long> InboxRowsAsync(string integration, DateTimeOffset before) => TestDatabase.ScalarAsync<long>(
        "SELECT count(*) FROM webhook_inbox WHERE integration_id = @i AND received_at < @before", ("i", integration), ("before", before));
}
