using System.Collections.Concurrent;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Orleans.Storage;
using OrleansKombo.Jobs;

namespace OrleansKombo.Grains.Jobs;

/// <summary>
/// A job grain's state as its row in <c>job_lifecycles</c>, where <c>job_view</c> joins it to the job for the API.
/// Versioned like the integration row, so a stray second activation cannot overwrite the first. The state itself is
/// decided by PostgreSQL's job_state and job_active (migration 0600), the one rule everyone uses.
/// </summary>
public sealed class JobLifecycleStore(NpgsqlDataSource dataSource)
{
    /// <summary>Distinct raw statuses remembered per silo; an ATS has a handful, so more than this is asked each time.</summary>
    private const int MaxRemembered = 1024;

    /// <summary>
    /// Verdicts by raw status and whether the job is deleted, the rule's only inputs (job_state looks at
    /// remote_deleted_at only to see whether it is set). The functions are IMMUTABLE, so a verdict never goes stale
    /// while a silo runs (a new rule comes with a migration, which a silo applies as it starts): a first sync asks
    /// PostgreSQL once per distinct status, not once per job, even when a page's job grains all ask at once.
    /// </summary>
    private readonly ConcurrentDictionary<(string? Status, bool Deleted), Lazy<Task<JobVerdict>>> _verdicts = new();

    public async Task<JobVerdict> JudgeAsync(JobObservation observation)
    {
        var key = (observation.Status, observation.RemoteDeletedAt is not null);
        if (!_verdicts.TryGetValue(key, out var verdict))
        {
            if (_verdicts.Count >= MaxRemembered)
            {
                return await AskAsync(observation);
            }
            verdict = _verdicts.GetOrAdd(key, _ => new Lazy<Task<JobVerdict>>(() => AskAsync(observation)));
        }
        try
        {
            return await verdict.Value;
        }
        catch
        {
            // PostgreSQL was away: forget the failed ask, so the next observation asks again.
            _verdicts.TryRemove(new KeyValuePair<(string?, bool), Lazy<Task<JobVerdict>>>(key, verdict));
            throw;
        }
    }

    private async Task<JobVerdict> AskAsync(JobObservation observation)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT state, job_active(state), job_status(@status) IS NOT NULL
              FROM job_state(@status, @remote_deleted_at) AS state
            """);
        command.Parameters.AddWithValue("status", NpgsqlDbType.Text, (object?)observation.Status ?? DBNull.Value);
        command.Parameters.AddWithValue("remote_deleted_at", NpgsqlDbType.TimestampTz,
            (object?)observation.RemoteDeletedAt?.ToUniversalTime() ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new JobVerdict(JobStates.Parse(reader.GetString(0)), reader.GetBoolean(1), reader.GetBoolean(2));
    }

    public async Task<(JobLifecycle? Lifecycle, long Version)> LoadAsync(string integrationId, string jobId)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT state, active, since, deleted_at, transitions, version
              FROM job_lifecycles WHERE integration_id = @integration_id AND job_id = @job_id
            """);
        command.Parameters.AddWithValue("integration_id", integrationId);
        command.Parameters.AddWithValue("job_id", jobId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return (null, 0);
        }
        var lifecycle = new JobLifecycle(
            JobStates.Parse(reader.GetString(0)),
            reader.GetBoolean(1),
            reader.GetFieldValue<DateTimeOffset>(2),
            reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
            JsonSerializer.Deserialize<List<JobTransition>>(reader.GetString(4), KomboJson.Options)!);
        return (lifecycle, reader.GetInt64(5));
    }

    public async Task<long> SaveAsync(string integrationId, string jobId, JobLifecycle lifecycle, long expectedVersion)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO job_lifecycles AS l (integration_id, job_id, state, active, since, deleted_at, transitions, version)
            VALUES (@integration_id, @job_id, @state, @active, @since, @deleted_at, @transitions, 1)
            ON CONFLICT (integration_id, job_id) DO UPDATE SET
                state = excluded.state, active = excluded.active, since = excluded.since,
                deleted_at = excluded.deleted_at, transitions = excluded.transitions, version = l.version + 1
            WHERE l.version = @expected
            RETURNING version
            """);
        command.Parameters.AddWithValue("integration_id", integrationId);
        command.Parameters.AddWithValue("job_id", jobId);
        command.Parameters.AddWithValue("state", KomboJson.Name(lifecycle.State));
        command.Parameters.AddWithValue("active", lifecycle.Active);
        command.Parameters.AddWithValue("since", lifecycle.Since);
        command.Parameters.AddWithValue("deleted_at", NpgsqlDbType.TimestampTz, (object?)lifecycle.DeletedAt ?? DBNull.Value);
        command.Parameters.AddWithValue("transitions", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(lifecycle.Transitions, KomboJson.Options));
        command.Parameters.AddWithValue("expected", expectedVersion);
        return await command.ExecuteScalarAsync() as long? ?? throw new InconsistentStateException(
            $"Job {jobId} of {integrationId} was changed by another activation (expected version {expectedVersion}).");
    }
}
