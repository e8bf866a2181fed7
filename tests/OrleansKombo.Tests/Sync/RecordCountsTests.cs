using System.Text.Json;
using CsCheck;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using Npgsql;
using OrleansKombo.Catalog;
using OrleansKombo.Grains.Integrations;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Tests.Api;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Sync;

/// <summary>
/// The live record counts kept in record_counts as pages commit equal the rows really there, through changes,
/// deletions, un-deletions, reconciles and purges, and they are what the API shows.
/// </summary>
[Collection(KomboClusterCollection.Name)]
public sealed class RecordCountsTests(KomboCluster fixture)
{
    private static KeptRecord Record(string id, bool deleted = false, string name = "a") =>
        StoredRecords.Kept(id, name, deleted ? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) : null);

    [Fact]
    public async Task Writes_deletions_undeletions_a_reconcile_and_purges_keep_the_counts_equal_to_the_rows()
    {
        await TestDatabase.EnsureMigratedAsync();
        var integration = KomboEvents.NewIntegrationId();
        var store = new RecordStore();
        var jobs = AtsModel.Jobs;
        var tags = AtsModel.Tags;

        await StepAsync(integration, c => store.WritePageAsync(c, integration, jobs, [Record("j1"), Record("j2"), Record("j3", deleted: true)], null, default));
        Assert.Equal(2, (await KeptAsync(integration))["jobs"]);
        await StepAsync(integration, c => store.WritePageAsync(c, integration, jobs, [Record("j1", name: "b"), Record("j2", deleted: true), Record("j4")], null, default));
        await StepAsync(integration, c => store.WritePageAsync(c, integration, jobs, [Record("j2", name: "back")], null, default));
        Assert.Equal(3, (await KeptAsync(integration))["jobs"]);
        await StepAsync(integration, c => store.WritePageAsync(c, integration, tags, [Record("t1"), Record("t2"), Record("t3")], null, default));

        var run = Guid.NewGuid();
        await StepAsync(integration, c => store.WritePageAsync(c, integration, jobs, [Record("j1", name: "b")], run, default));
        await StepAsync(integration, c => store.WritePageAsync(c, integration, tags, [Record("t1")], run, default));
        await StepAsync(integration, c => store.MarkUnseenDeletedAsync(c, integration, run, DateTimeOffset.UtcNow, [], default));
        Assert.Equal((1L, 1L), ((await KeptAsync(integration))["jobs"], (await KeptAsync(integration))["tags"]));

        await StepAsync(integration, c => store.PurgeDeletedAsync(c, integration, DateTimeOffset.UtcNow.AddDays(1), default));
        Assert.Equal(0L, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM ats_jobs WHERE integration_id = @i AND remote_deleted_at IS NOT NULL", ("i", integration)));
        await StepAsync(integration, c => IntegrationPurgeList.PurgeAsync(c, integration, default));
        Assert.Equal(0L, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM record_counts WHERE integration_id = @i", ("i", integration)));
    }

    /// <summary>One step of a pull, on a few ids, in the shape a generator picked.</summary>
    private sealed record Step(int Kind, int Model, (int Id, bool Deleted, int Name)[] Records);

    [Fact]
    public async Task Any_sequence_of_pages_reconciles_and_purges_keeps_the_counts_equal_to_the_rows()
    {
        await TestDatabase.EnsureMigratedAsync();
        var store = new RecordStore();
        AtsModel[] models = [AtsModel.Jobs, AtsModel.Candidates];
        var step = Gen.Select(Gen.Int[0, 9], Gen.Int[0, 1], Gen.Select(Gen.Int[0, 5], Gen.Bool, Gen.Int[0, 2]).Array[0, 6],
            (kind, model, records) => new Step(kind, model, records));

        await step.Array[1, 12].SampleAsync(async steps =>
        {
            var integration = KomboEvents.NewIntegrationId();
            Guid? run = null;
            foreach (var (kind, model, records) in steps)
            {
                var page = records.Select(r => Record($"r{r.Id}", r.Deleted, $"n{r.Name}")).ToList();
                await StepAsync(integration, async c =>
                {
                    switch (kind)
                    {
                        case 0:   // a full read starts: what follows is seen
                            run = Guid.NewGuid();
                            break;
                        case 1 when run is { } seen:   // it completes: the rest is gone
                            await store.MarkUnseenDeletedAsync(c, integration, seen, DateTimeOffset.UtcNow, [], default);
                            run = null;
                            break;
                        case 2:
                            await store.PurgeDeletedAsync(c, integration, DateTimeOffset.UtcNow.AddDays(1), default);
                            break;
                        default:
                            await store.WritePageAsync(c, integration, models[model], page, run, default);
                            break;
                    }
                });
            }
        }, iter: 25);
    }

    [Fact]
    public async Task A_sync_with_changes_deletions_a_reconcile_and_a_purge_keeps_the_api_counts_equal_to_the_rows()
    {
        var since = DateTimeOffset.UtcNow;
        var integration = fixture.Sandbox.CreateIntegration(new IntegrationSpec
        {
            Scale = new GeneratorScale { Jobs = 8, Candidates = 30, Applications = 40, Users = 5, Tags = 4 }, Seed = Random.Shared.Next(),
        });
        await integration.FinishSync().Webhooks;
        await SyncedData.PullSucceededAsync(fixture.Grains, integration.Id, since);
        await AssertApiCountsAsync(integration.Id);
        Assert.Equal(integration.LiveCounts()["candidates"], (await ApiCountsAsync(integration.Id))["candidates"]);

        integration.UpdateRecords(SandboxModel.Candidates, 4);
        integration.CreateRecords(SandboxModel.Candidates, 3);
        integration.DeleteRecords(SandboxModel.Applications, 5);
        integration.DeleteRecords(SandboxModel.Jobs, 1);
        integration.CreateRecords(SandboxModel.Tags, 2);
        since = DateTimeOffset.UtcNow;
        await integration.FinishSync().Webhooks;
        await SyncedData.PullSucceededAsync(fixture.Grains, integration.Id, since);
        await AssertApiCountsAsync(integration.Id);
        Assert.Equal(integration.LiveCounts()["applications"], (await ApiCountsAsync(integration.Id))["applications"]);

        // Kombo forgets some records without a trace: a full read marks them deleted.
        integration.PurgeRecords(SandboxModel.Candidates, 2);
        integration.PurgeRecords(SandboxModel.Users, 1);
        since = DateTimeOffset.UtcNow;
        await fixture.Gateway.Api.PostAsync($"/api/integrations/{integration.Id}/reconcile", null);
        await SyncedData.PullSucceededAsync(fixture.Grains, integration.Id, since);
        await AssertApiCountsAsync(integration.Id);
        Assert.Equal(integration.LiveCounts()["candidates"], (await ApiCountsAsync(integration.Id))["candidates"]);

        // Deleted in Kombo long ago: everything synced is purged at once, and nothing is counted any more.
        await fixture.Gateway.Webhooks.SendAsync(KomboEvents.IntegrationDeleted(integration.Id, DateTimeOffset.UtcNow.AddDays(-30)));
        await Poll.UntilAsync(async () => (await fixture.Gateway.Api.GetJsonAsync($"/api/integrations/{integration.Id}"))
            .GetProperty("data_purged_at").ValueKind == JsonValueKind.String, "the deleted integration's data is purged");
        await AssertApiCountsAsync(integration.Id);
        Assert.All((await ApiCountsAsync(integration.Id)).Values, count => Assert.Equal(0, count));
    }

    /// <summary>Runs one step in its own transaction, as the pull does, and checks the counts after it.</summary>
    private static async Task StepAsync(string integration, Func<NpgsqlConnection, Task> step)
    {
        await StoredRecords.InTransactionAsync(step);
        Assert.Equal(await RealAsync(integration), await KeptAsync(integration));
    }

    private async Task AssertApiCountsAsync(string integration) =>
        Assert.Equal(await RealAsync(integration), await ApiCountsAsync(integration));

    private async Task<Dictionary<string, long>> ApiCountsAsync(string integration) =>
        (await fixture.Gateway.Api.GetJsonAsync($"/api/integrations/{integration}")).GetProperty("counts").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetInt64());

    /// <summary>The live rows of every catalog model, counted.</summary>
    private static async Task<Dictionary<string, long>> RealAsync(string integration)
    {
        var counts = new Dictionary<string, long>();
        foreach (var model in AtsModel.All)
        {
            counts[model.Name] = await TestDatabase.ScalarAsync<long>(
                $"SELECT count(*) FROM {model.Table} WHERE integration_id = @i AND remote_deleted_at IS NULL", ("i", integration));
        }
        return counts;
    }

    /// <summary>What record_counts keeps for every catalog model (no row: none).</summary>
    private static async Task<Dictionary<string, long>> KeptAsync(string integration)
    {
        var counts = AtsModel.All.ToDictionary(m => m.Name, _ => 0L);
        await using var command = TestDatabase.DataSource.CreateCommand("SELECT model, live FROM record_counts WHERE integration_id = @i");
        command.Parameters.AddWithValue("i", integration);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }
        return counts;
    }
}
