using Npgsql;

namespace OrleansKombo.Grains.Orders;

/// <summary>
/// What our synced ATS data says about an order's job, found by the ATS's remote id: its lifecycle as <c>job_view</c>
/// has it (the job grain's, else what the one job-state rule makes of the record, as the jobs API shows it).
/// </summary>
public sealed class OrderJobs(NpgsqlDataSource dataSource)
{
    /// <returns>The lifecycle state when the job is known and inactive; null when it is active or unknown.</returns>
    public async Task<string?> InactiveStateAsync(string integrationId, string remoteId)
    {
        // A job deleted and created again under the same remote id: the live one decides.
        await using var command = dataSource.CreateCommand("""
            SELECT state, active
              FROM job_view
             WHERE integration_id = @integration_id AND remote_id = @remote_id
             ORDER BY remote_deleted_at NULLS FIRST
             LIMIT 1
            """);
        command.Parameters.AddWithValue("integration_id", integrationId);
        command.Parameters.AddWithValue("remote_id", remoteId);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() && !reader.GetBoolean(1) ? reader.GetString(0) : null;
    }
}
