using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace OrleansKombo.Gateway.Operations;

/// <summary>Ready needs PostgreSQL to answer; why it does not (host, port, error) goes to the log, not the answer.</summary>
public sealed class PostgresHealthCheck(NpgsqlDataSource dataSource, HealthFailureLog log) : IHealthCheck
{
    public const string Name = "postgres";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            log.Passed(Name);
            return HealthCheckResult.Healthy("PostgreSQL answers");
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            log.Failed(Name, e);
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer");
        }
    }
}
