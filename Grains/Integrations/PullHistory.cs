using Npgsql;

namespace OrleansKombo.Grains.Integrations;

/// <summary>
/// Pruning of an integration's pull and sync-finished history (<c>integration_pulls</c>, <c>integration_syncs</c>, which
/// the state's save writes): rows that began before <c>Sync:RetainPullsFor</c> go, a bounded batch per finished pull,
/// in that pull's last transaction. The pull of <paramref name="keep"/> (the state's own row) always stays.
/// </summary>
public static class PullHistory
{
    /// <summary>Rows dropped per table and call; a pull a minute adds one, so a backlog (a shorter setting) drains quickly.</summary>
    public const int Batch = 1_000;

    public static async Task<int> PruneAsync(NpgsqlConnection connection, string integrationId, DateTimeOffset cutoff, Guid keep,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            WITH pulls AS (
                DELETE FROM integration_pulls WHERE (integration_id, run_id) IN (
                    SELECT integration_id, run_id FROM integration_pulls
                     WHERE integration_id = @id AND started_at < @cutoff AND run_id <> @keep
                     LIMIT @batch)
                RETURNING 1
            ), syncs AS (
                DELETE FROM integration_syncs WHERE (integration_id, sync_id) IN (
                    SELECT integration_id, sync_id FROM integration_syncs
                     WHERE integration_id = @id AND ended_at < @cutoff
                     LIMIT @batch)
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM pulls) + (SELECT count(*) FROM syncs)
            """, connection);
        command.Parameters.AddWithValue("id", integrationId);
        command.Parameters.AddWithValue("cutoff", cutoff.ToUniversalTime());
        command.Parameters.AddWithValue("keep", keep);
        command.Parameters.AddWithValue("batch", Batch);
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
