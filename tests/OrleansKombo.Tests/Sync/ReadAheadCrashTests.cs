using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using Orleans.Runtime;
using OrleansKombo.Integrations;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Sync;

/// <summary>
/// Pages read ahead of the writer (issue 16 §4) are only ever fetched, never committed out of turn: a silo killed while
/// Kombo has served pages the pull has not written yet leaves a checkpoint from which the pull, resumed on the other
/// silo, ends with exactly what a clean pull gives. A cluster of its own, as SyncCrashTests has (the same fixture).
/// </summary>
public sealed class ReadAheadCrashTests(SyncCrashTests.Fixture fixture) : IClassFixture<SyncCrashTests.Fixture>
{
    /// <summary>About 25 and 30 pages of candidates and applications, so a pull at full speed takes long enough to stop in.</summary>
    private static readonly GeneratorScale Scale = new() { Jobs = 30, Candidates = 6000, Applications = 8000, Users = 20, Tags = 10 };

    private const int PageSize = 250;

    [Fact]
    public async Task A_pull_killed_with_pages_read_ahead_but_not_written_resumes_and_ends_as_a_clean_pull()
    {
        var integration = fixture.Sandbox.CreateIntegration(new IntegrationSpec { Scale = Scale, Seed = Random.Shared.Next() });
        // Kombo answers at once, so the read-ahead runs ahead of the writer (which waits on PostgreSQL).
        await integration.FinishSync().Webhooks;
        var grain = fixture.Grains.GetGrain<IIntegrationGrain>(integration.Id);

        // Served but not committed: more pages fetched than the checkpoint has counted.
        await Poll.UntilAsync(async () =>
        {
            var committed = (await grain.GetStatus()).LastPull?.RecordsRead ?? 0;
            var served = fixture.Sandbox.AtsReads(integration.Id).Count;
            return committed >= 1000 && served * PageSize > committed + PageSize;
        }, "the pull is under way with pages read ahead of its writes", TimeSpan.FromSeconds(60));

        var host = await fixture.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
        var victim = fixture.Cluster.Cluster.Silos.Single(s => s.SiloAddress.Equals(host));
        await fixture.Cluster.Cluster.KillSiloAsync(victim);

        await Poll.UntilAsync(async () => (await grain.GetStatus()) is { LastPull.Status: "SUCCEEDED", PullInProgress: null },
            "the pull resumes on the surviving silo and finishes", TimeSpan.FromSeconds(120));
        await SyncedData.AssertMatchesSandboxAsync(integration);
        foreach (var (model, table) in SyncedData.Models)
        {
            var stored = (await SyncedData.StoredAsync(table, integration.Id)).Count;
            var created = await SyncedData.ChangesAsync(integration.Id, "CREATED", table["ats_".Length..]);
            Assert.True(stored == created, $"{table}: {stored} rows but {created} CREATED changes");
            Assert.Equal(integration.Records(model).Count(r => !r.Deleted), stored);
        }
        await fixture.Cluster.Cluster.StartAdditionalSiloAsync();
    }
}
