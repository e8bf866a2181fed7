using Npgsql;

namespace OrleansKombo.Grains.Assessment;

/// <summary>
/// The record of each ATS write of a result, made before the call (table ats_write_attempts): the one thing that stops a
/// write-back resumed after a crash from posting a second result link or note. Keyed by order, result revision and step:
/// a write in doubt stays in doubt for its revision, and a retry an operator asks for (a new revision) writes it again on
/// purpose; a step DONE for the same result (its key) under any revision is not written again.
/// </summary>
public sealed class AtsWriteAttempts(NpgsqlDataSource dataSource)
{
    /// <summary>Records the attempt unless one is recorded; what was recorded before when one was.</summary>
    public async Task<AtsAttempt> BeginAsync(string integrationId, string orderId, int revision, string step, string resultKey,
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH done AS (
                SELECT 'DONE'::text AS state FROM ats_write_attempts
                 WHERE order_id = @order AND step = @step AND result_key = @result_key AND state = 'DONE' LIMIT 1),
            inserted AS (
                INSERT INTO ats_write_attempts (integration_id, order_id, revision, step, result_key, state)
                SELECT @integration, @order, @revision, @step, @result_key, 'ATTEMPTED' WHERE NOT EXISTS (SELECT 1 FROM done)
                ON CONFLICT DO NOTHING
                RETURNING 'NEW'::text AS state)
            SELECT state FROM done
             UNION ALL
            SELECT state FROM inserted
             UNION ALL
            SELECT state FROM ats_write_attempts
             WHERE order_id = @order AND revision = @revision AND step = @step
               AND NOT EXISTS (SELECT 1 FROM done) AND NOT EXISTS (SELECT 1 FROM inserted)
             LIMIT 1
            """);
        Add(command, integrationId, orderId, revision, step);
        command.Parameters.AddWithValue("result_key", resultKey);
        return await command.ExecuteScalarAsync(cancellationToken) switch
        {
            "DONE" => AtsAttempt.Done,
            "ATTEMPTED" => AtsAttempt.InDoubt,
            _ => AtsAttempt.New,
        };
    }

    /// <summary>Kombo took the write.</summary>
    public Task DoneAsync(string integrationId, string orderId, int revision, string step, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE ats_write_attempts SET state = 'DONE', updated_at = now() WHERE order_id = @order AND revision = @revision AND step = @step",
            integrationId, orderId, revision, step, cancellationToken);

    /// <summary>Kombo answered with an error, or the request never left: nothing was written, so it may be tried again.</summary>
    public Task ForgetAsync(string integrationId, string orderId, int revision, string step, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM ats_write_attempts WHERE order_id = @order AND revision = @revision AND step = @step AND state = 'ATTEMPTED'",
            integrationId, orderId, revision, step, cancellationToken);

    private async Task ExecuteAsync(string sql, string integrationId, string orderId, int revision, string step, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        Add(command, integrationId, orderId, revision, step);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Add(NpgsqlCommand command, string integrationId, string orderId, int revision, string step)
    {
        command.Parameters.AddWithValue("integration", integrationId);
        command.Parameters.AddWithValue("order", orderId);
        command.Parameters.AddWithValue("revision", revision);
        command.Parameters.AddWithValue("step", step);
    }
}
