using Npgsql;
using OrleansKombo.JobSelection;

namespace OrleansKombo.Grains.JobSelection;

/// <summary>
/// An integration's selection in job_selection_modes and job_selections (migration 0801), written only here. A job is
/// known when the integration has its record (deleted in the ATS or not): a selected job that is deleted stays
/// selected, so a customer can store the same selection again.
/// </summary>
public sealed class JobSelectionStore(NpgsqlDataSource dataSource)
{
    /// <summary>At most this many unknown ids are named in a refusal.</summary>
    private const int MaxNamed = 10;

    public async Task<JobSelectionAnswer> ReplaceAsync(string integrationId, JobSelectionMode mode, IReadOnlyList<string> jobIds,
        CancellationToken cancellationToken)
    {
        var ids = jobIds.Distinct(StringComparer.Ordinal).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await UnknownAsync(connection, integrationId, ids, cancellationToken) is { Count: > 0 } unknown)
        {
            return new JobSelectionAnswer(unknown);
        }
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("""
                    INSERT INTO job_selection_modes (integration_id, mode) VALUES (@integration_id, @mode)
                    ON CONFLICT (integration_id) DO UPDATE SET mode = excluded.mode, updated_at = now()
                    """),
                new NpgsqlBatchCommand("DELETE FROM job_selections WHERE integration_id = @integration_id AND NOT (job_id = ANY(@ids))"),
                new NpgsqlBatchCommand("""
                    INSERT INTO job_selections (integration_id, job_id)
                    SELECT @integration_id, unnest(@ids)
                    ON CONFLICT DO NOTHING
                    """),
            },
        };
        foreach (var command in batch.BatchCommands.Cast<NpgsqlBatchCommand>())
        {
            command.Parameters.AddWithValue("integration_id", integrationId);
            command.Parameters.AddWithValue("mode", KomboJson.Name(mode));
            command.Parameters.AddWithValue("ids", ids);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return JobSelectionAnswer.Done;
    }

    public async Task<JobSelectionAnswer> ChooseAsync(string integrationId, string jobId, bool chosen, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(chosen
            ? """
              INSERT INTO job_selections (integration_id, job_id)
              SELECT @integration_id, @job_id WHERE EXISTS (SELECT 1 FROM ats_jobs WHERE integration_id = @integration_id AND id = @job_id)
              ON CONFLICT DO NOTHING
              RETURNING true
              """
            : """
              WITH gone AS (DELETE FROM job_selections WHERE integration_id = @integration_id AND job_id = @job_id)
              SELECT true WHERE EXISTS (SELECT 1 FROM ats_jobs WHERE integration_id = @integration_id AND id = @job_id)
              """);
        command.Parameters.AddWithValue("integration_id", integrationId);
        command.Parameters.AddWithValue("job_id", jobId);
        if (await command.ExecuteScalarAsync(cancellationToken) is true)
        {
            return JobSelectionAnswer.Done;
        }
        // Nothing inserted: either chosen already, or no such job.
        return chosen && await KnownAsync(integrationId, jobId, cancellationToken) ? JobSelectionAnswer.Done : new JobSelectionAnswer([jobId]);
    }

    private async Task<bool> KnownAsync(string integrationId, string jobId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM ats_jobs WHERE integration_id = @integration_id AND id = @job_id)");
        command.Parameters.AddWithValue("integration_id", integrationId);
        command.Parameters.AddWithValue("job_id", jobId);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<IReadOnlyList<string>> UnknownAsync(NpgsqlConnection connection, string integrationId, string[] ids,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT u.id FROM unnest(@ids) AS u(id)
             WHERE NOT EXISTS (SELECT 1 FROM ats_jobs j WHERE j.integration_id = @integration_id AND j.id = u.id)
             LIMIT {MaxNamed}
            """, connection);
        command.Parameters.AddWithValue("integration_id", integrationId);
        command.Parameters.AddWithValue("ids", ids);
        var unknown = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            unknown.Add(reader.GetString(0));
        }
        return unknown;
    }
}
