using Orleans.Runtime;
using OrleansKombo.Operations;
using OrleansKombo.Tests.Foundation.TestGrains;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Foundation;

public sealed class ClusterTests(PostgresCluster cluster) : IClassFixture<PostgresCluster>
{
    [Fact]
    public async Task Two_silos_join_through_the_postgres_membership_table()
    {
        await Poll.UntilAsync(async () => await ActiveSilos() == 2, "two Active rows in orleansmembershiptable");
    }

    [Fact]
    public async Task The_cluster_probe_grain_answers_with_a_silo_name()
    {
        Assert.NotEmpty(await cluster.Grains.GetGrain<IClusterProbeGrain>(0).Ping());
    }

    [Fact]
    public async Task A_persisted_grain_keeps_its_state_across_deactivation_and_a_silo_restart()
    {
        var counter = cluster.Grains.GetGrain<ICounterGrain>($"counter-{Guid.NewGuid():N}");
        for (var i = 0; i < 3; i++)
        {
            await counter.Increment();
        }

        await counter.Deactivate();
        Assert.Equal(3, await counter.Get());

        foreach (var silo in cluster.Cluster.Silos.ToList())
        {
            await cluster.Cluster.RestartSiloAsync(silo);
        }
        await cluster.Cluster.WaitForLivenessToStabilizeAsync();

        Assert.Equal(3, await counter.Get());
        Assert.Equal(4, await counter.Increment());
    }

    [Fact]
    public async Task A_reminder_fires_and_its_row_goes_when_it_is_unregistered()
    {
        var key = $"reminder-{Guid.NewGuid():N}";
        var probe = cluster.Grains.GetGrain<IReminderProbeGrain>(key);

        await probe.Start(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

        await Poll.UntilAsync(async () => await probe.Ticks() >= 1, "the reminder ticks");
        Assert.Equal(1L, await Reminders(key));
        await probe.Stop();
        Assert.Equal(0L, await Reminders(key));
    }

    [Fact]
    public async Task A_silo_that_stops_gracefully_is_marked_dead()
    {
        var extra = await cluster.Cluster.StartAdditionalSiloAsync();
        var address = extra.SiloAddress;
        await Poll.UntilAsync(async () => await Status(address) == (int)SiloStatus.Active, "the extra silo is Active");

        await cluster.Cluster.StopSiloAsync(extra);

        Assert.Equal((int)SiloStatus.Dead, await Status(address));
    }

    private Task<long> ActiveSilos() => TestDatabase.ScalarAsync<long>(
        "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = @id AND status = 3", ("id", cluster.ClusterId));

    private Task<int> Status(SiloAddress silo) => TestDatabase.ScalarAsync<int>(
        "SELECT status FROM orleansmembershiptable WHERE deploymentid = @id AND port = @port AND generation = @generation",
        ("id", cluster.ClusterId), ("port", silo.Endpoint.Port), ("generation", silo.Generation));

    private Task<long> Reminders(string key) => TestDatabase.ScalarAsync<long>(
        "SELECT count(*) FROM orleansreminderstable WHERE serviceid = @service AND grainid LIKE '%' || @key",
        ("service", cluster.ServiceId), ("key", key));
}
