using Orleans.Concurrency;
using OrleansKombo.Operations;

namespace OrleansKombo.Grains.Operations;

[StatelessWorker]
public sealed class ClusterProbeGrain(ILocalSiloDetails silo) : Grain, IClusterProbeGrain
{
    public Task<string> Ping() => Task.FromResult(silo.Name);
}
