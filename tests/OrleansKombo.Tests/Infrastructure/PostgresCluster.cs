using Orleans.TestingHost;

namespace OrleansKombo.Tests.Infrastructure;

/// <summary>
/// A test cluster on the real AdoNet clustering, storage and reminders: silos find each other through the
/// PostgreSQL membership table, not the test host's in-memory one. Each instance has its own cluster id.
/// </summary>
public class PostgresCluster : IAsyncLifetime
{
    public short InitialSilos { get; init; } = 2;

    /// <summary>How the silos reach PostgreSQL; a test may route it through a <see cref="TcpProxy"/>.</summary>
    public string ConnectionString { get; init; } = TestDatabase.ConnectionString;

    /// <summary>Configuration the silos get on top of the connection string.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public string ClusterId { get; } = $"test-{Guid.NewGuid():N}";

    public string ServiceId { get; } = $"svc-{Guid.NewGuid():N}";

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public virtual async Task InitializeAsync()
    {
        await TestDatabase.EnsureMigratedAsync();
        var builder = new TestClusterBuilder(InitialSilos);
        builder.Options.UseTestClusterMembership = false;
        // Real sockets, so the gateway under test (an ordinary Orleans client) can reach these silos.
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Options.ClusterId = ClusterId;
        builder.Options.ServiceId = ServiceId;
        builder.Properties["ConnectionStrings:Postgres"] = ConnectionString;
        foreach (var (key, value) in Settings)
        {
            builder.Properties[key] = value;
        }
        builder.AddSiloBuilderConfigurator<KomboSiloConfigurator>();
        builder.AddClientBuilderConfigurator<KomboClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>
    /// Kills a silo, starts another in its place, and waits until the cluster has declared the killed one dead. The tests
    /// of a collection share this cluster: a test after a kill must not have its grains placed on, or its webhooks'
    /// deliveries sent to, a silo that is gone (a delivery that fails backs off, and the next test would wait it out).
    /// </summary>
    public async Task ReplaceSiloAsync(SiloHandle victim)
    {
        await Cluster.KillSiloAsync(victim);
        await Cluster.StartAdditionalSiloAsync();
        await Poll.UntilAsync(async () => !(await Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).ContainsKey(victim.SiloAddress),
            $"the killed silo {victim.SiloAddress} is declared dead", TimeSpan.FromSeconds(120));
    }

    public virtual async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }
    }
}
