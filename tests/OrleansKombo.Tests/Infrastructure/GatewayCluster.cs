namespace OrleansKombo.Tests.Infrastructure;

/// <summary>Two silos on the real AdoNet providers and the real gateway in front of them.</summary>
public class GatewayCluster : IAsyncLifetime
{
    public PostgresCluster Cluster { get; } = new();

    public TestGateway Gateway { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Grains;

    public async Task InitializeAsync()
    {
        await Cluster.InitializeAsync();
        Gateway = await TestGateway.StartAsync(Cluster.ClusterId, Cluster.ServiceId);
        await Gateway.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }
        await Cluster.DisposeAsync();
    }
}
