using Npgsql;

namespace OrleansKombo.Grains.Orders;

/// <summary>
/// What our synced ATS data says about an order's job, found by the ATS's remote id: the job grain's lifecycle when
/// it has one, else what the stored record implies (as the jobs API does).
/// </summary>
public sealed class OrderJobs(NpgsqlDataSource dataSource)
{
    /// <returns>The lifecycle state when the job is known and inactive; null when it is active or unknown.</returns>
    public async Task<string?> InactiveStateAsync(string integrationId, string remoteId)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT COALESCE(l.state, CASE WHEN j.remote_deleted_at IS NOT NULL THEN 'DELETED'
                                          WHEN j.status IN ('OPEN', 'CLOSED', 'DRAFT', 'ARCHIVED') THEN j.status
                                          ELSE 'CLOSED' END),
                   COALESCE(l.active, j.remote_deleted_at IS NULL AND j.status = 'OPEN')
              FROM ats_jobs j
              LEFT JOIN job_lifecycles l ON l.integration_id = j.integration_id AND l.job_id = j.id
             WHERE j.integration_id = @integration_id AND j.remote_id = @remote_id
             ORDER BY j.remote_deleted_at NULLS FIRST
             LIMIT 1
            """);
        command.Parameters.AddWithValue("integration_id", integrationId);
        command.Parameters.AddWithValue("remote_id", remoteId);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() && !reader.GetBoolean(1) ? reader.GetString(0) : null;
    }
}
