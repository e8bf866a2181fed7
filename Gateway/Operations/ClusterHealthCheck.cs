using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansKombo.Operations;

namespace OrleansKombo.Gateway.Operations;

/// <summary>Ready means a grain call goes through: a connected client and at least one silo that answers.</summary>
public sealed class ClusterHealthCheck(IClusterClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var silo = await client.GetGrain<IClusterProbeGrain>(0).Ping()
                .WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return HealthCheckResult.Healthy($"silo {silo} answers");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the cluster does not answer: {e.Message}");
        }
    }
}
