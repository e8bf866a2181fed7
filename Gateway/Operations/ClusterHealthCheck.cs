using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansKombo.Operations;

namespace OrleansKombo.Gateway.Operations;

/// <summary>
/// Ready means a grain call goes through: a connected client and at least one silo that answers. The answer says only
/// that; which silo answered, or why none did, goes to the log (<see cref="HealthFailureLog"/>).
/// </summary>
public sealed class ClusterHealthCheck(IClusterClient client, HealthFailureLog log) : IHealthCheck
{
    public const string Name = "cluster";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await client.GetGrain<IClusterProbeGrain>(0).Ping().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            log.Passed(Name);
            return HealthCheckResult.Healthy("a silo answers");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            log.Failed(Name, e);
            return HealthCheckResult.Unhealthy("the cluster does not answer");
        }
    }
}
