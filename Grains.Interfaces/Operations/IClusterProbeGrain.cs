using OrleansKombo.Clients;
namespace OrleansKombo.Operations;

/// <summary>The gateway's readiness check: a grain call that succeeds only when a silo answers.</summary>
[InternalGrainMethod(InternalGrainMethodAttribute.Gateway)]
public interface IClusterProbeGrain : IGrainWithIntegerKey
{
    Task<string> Ping();
}
