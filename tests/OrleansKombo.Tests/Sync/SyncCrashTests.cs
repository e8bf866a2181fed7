using Kombo.Sandbox.Data;
using Kombo.Sandbox.Faults;
using Kombo.Sandbox.Integrations;
using Npgsql;
using Orleans.Runtime;
using OrleansKombo.Integrations;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Sync;

/// <summary>
/// A pull interrupted anywhere resumes from its last committed page and ends with exactly the data a clean pull
/// gives. These tests break things (silos, PostgreSQL), so they have a cluster of their own whose silos reach
/// PostgreSQL through a proxy the tests can cut.
/// </summary>
public sealed class SyncCrashTests(SyncCrashTests.Fixture fixture) : IClassFixture<SyncCrashTests.Fixture>
{
    public sealed class Fixture : KomboCluster
    {
        private static readonly NpgsqlConnectionStringBuilder Direct = new(TestDatabase.ConnectionString);

        public TcpProxy Proxy { get; } = new(Direct.Host!, Direct.Port);

        protected override string SiloConnectionString =>
            new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { Port = Proxy.Port, Timeout = 5 }.ConnectionString;

        public override async Task DisposeAsync()
        {
            Proxy.Restore();
            await base.DisposeAsync();
            await Proxy.DisposeAsync();
        }
    }

    /// <summary>About ten pages of candidates and applications each, so there is a middle to stop in.</summary>
    private static readonly GeneratorScale Scale = new() { Jobs = 30, Candidates = 2000, Applications = 2500, Users = 20, Tags = 10 };

    private async Task<SandboxIntegration> PullingIntegrationAsync(TimeSpan readDelay)
    {
        var integration = fixture.Sandbox.CreateIntegration(new IntegrationSpec { Scale = Scale, Seed = Random.Shared.Next() });
        integration.Faults.ReadDelay = readDelay;
        await integration.FinishSync().Webhooks;
        return integration;
    }

    private Task<IntegrationStatus> StatusAsync(string integration) => fixture.Grains.GetGrain<IIntegrationGrain>(integration).GetStatus();

    private async Task AssertCompleteAndUnduplicatedAsync(SandboxIntegration integration)
    {
        await SyncedData.AssertMatchesSandboxAsync(integration);
        foreach (var (model, table) in SyncedData.Models)
        {
            var stored = (await SyncedData.StoredAsync(table, integration.Id)).Count;
            var created = await SyncedData.ChangesAsync(integration.Id, "CREATED", table["ats_".Length..]);
            Assert.True(stored == created, $"{table}: {stored} rows but {created} CREATED changes");
            Assert.Equal(integration.Records(model).Count(r => !r.Deleted), stored);
        }
    }

    [Fact]
    public async Task A_pull_broken_by_a_malformed_page_resumes_from_the_last_committed_page()
    {
        var integration = fixture.Sandbox.CreateIntegration(new IntegrationSpec { Scale = Scale, Seed = Random.Shared.Next() });
        integration.Faults.MalformedPages(1, FaultBody.Truncated, model: "candidates", pageIndex: 4);
        var since = DateTimeOffset.UtcNow;

        await integration.FinishSync().Webhooks;
        await SyncedData.PullSucceededAsync(fixture.Grains, integration.Id, since, TimeSpan.FromSeconds(90));

        await AssertCompleteAndUnduplicatedAsync(integration);
        // In the first (full) pull, only the broken page was read twice: the rest came from the checkpoint.
        var readsPerPage = fixture.Sandbox.AtsReads(integration.Id, "/v1/ats/candidates")
            .Where(r => !r.Query.ContainsKey("updated_after"))
            .GroupBy(r => r.Query.GetValueOrDefault("cursor") ?? "(first page)")
            .Select(g => g.Count())
            .ToList();
        Assert.True(readsPerPage.Count >= 8, $"{readsPerPage.Count} pages");
        Assert.Equal(1, readsPerPage.Count(n => n == 2));
        Assert.All(readsPerPage, n => Assert.InRange(n, 1, 2));
    }

    [Fact]
    public async Task When_the_silo_running_a_pull_is_killed_the_pull_resumes_on_the_other_silo()
    {
        var integration = await PullingIntegrationAsync(TimeSpan.FromMilliseconds(150));
        var grain = fixture.Grains.GetGrain<IIntegrationGrain>(integration.Id);
        await Poll.UntilAsync(async () => (await grain.GetStatus()).LastPull?.RecordsRead >= 1000, "the pull is well under way");

        var host = await fixture.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
        var victim = fixture.Cluster.Cluster.Silos.Single(s => s.SiloAddress.Equals(host));
        await fixture.Cluster.Cluster.KillSiloAsync(victim);
        integration.Faults.ReadDelay = TimeSpan.Zero;

        await Poll.UntilAsync(async () => (await grain.GetStatus()) is { LastPull.Status: "SUCCEEDED", PullInProgress: null },
            "the pull resumes on the surviving silo and finishes", TimeSpan.FromSeconds(120));
        await AssertCompleteAndUnduplicatedAsync(integration);
        await fixture.Cluster.Cluster.StartAdditionalSiloAsync();
    }

    [Fact]
    public async Task When_postgres_goes_away_mid_pull_the_pull_resumes_once_it_is_back()
    {
        var integration = await PullingIntegrationAsync(TimeSpan.FromMilliseconds(100));
        await Poll.UntilAsync(async () => (await StatusAsync(integration.Id)).LastPull?.RecordsRead >= 750, "the pull is under way");

        fixture.Proxy.Cut();
        try
        {
            // The page being written fails; the pull keeps trying to record its progress, from the last commit.
            await Poll.UntilAsync(() => Task.FromResult(CapturedLogs.All.Any(l => l.Contains(integration.Id) && l.Contains("could not record"))),
                "the grain notices PostgreSQL is gone");
        }
        finally
        {
            fixture.Proxy.Restore();
        }
        integration.Faults.ReadDelay = TimeSpan.Zero;

        await Poll.UntilAsync(async () => (await StatusAsync(integration.Id)) is { LastPull.Status: "SUCCEEDED", PullInProgress: null },
            "the pull finishes once PostgreSQL is back", TimeSpan.FromSeconds(120));
        await AssertCompleteAndUnduplicatedAsync(integration);
    }
}
