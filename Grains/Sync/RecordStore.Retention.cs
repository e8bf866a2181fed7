using Npgsql;
using OrleansKombo.Catalog;

namespace OrleansKombo.Grains.Sync;

/// <summary>The record store's reconcile and retention: what a full read did not see, records deleted long ago, old change-feed entries.</summary>
public sealed partial class RecordStore
{
    /// <summary>
    /// After a completed full read: every live record the read did not see is gone from the ATS. Marks them
    /// deleted (now), records that in the change feed, and forgets the run's seen ids. Models read with a filter
    /// (<paramref name="filtered"/>) are skipped: what the filter left out was not seen, but is not gone.
    /// </summary>
    public async Task<IReadOnlyList<RecordChange>> MarkUnseenDeletedAsync(NpgsqlConnection connection, string integrationId,
        Guid run, DateTimeOffset now, IReadOnlyCollection<string> filtered, CancellationToken cancellationToken)
    {
        var changes = new List<RecordChange>();
        foreach (var model in AtsModel.All.Where(m => !filtered.Contains(m.Name)))
        {
            await using var command = new NpgsqlCommand($"""
                WITH unseen AS (
                    SELECT r.id, r.record, r.created_seq FROM {model.Table} AS r
                     WHERE r.integration_id = @integration_id AND r.remote_deleted_at IS NULL
                       AND NOT EXISTS (SELECT 1 FROM reconcile_seen s
                                        WHERE s.integration_id = @integration_id AND s.run_id = @run
                                          AND s.model = @model AND s.id = r.id)),
                kept AS (
                    -- A row still the after-image of its CREATED entry gives the entry its copy before it changes.
                    UPDATE change_feed AS f SET after = u.record
                      FROM unseen u
                     WHERE u.created_seq IS NOT NULL AND f.seq = u.created_seq AND f.integration_id = @integration_id
                       AND f.after IS NULL),
                gone AS (
                    UPDATE {model.Table} AS r
                       SET remote_deleted_at = @now,
                           record = jsonb_set(r.record, ARRAY['remote_deleted_at'], to_jsonb(@now_text::text)),
                           content_hash = '\x'::bytea,
                           synced_at = now(),
                           created_seq = NULL
                      FROM unseen u
                     WHERE r.integration_id = @integration_id AND r.id = u.id
                    RETURNING r.id),
                counted AS ({RecordCounts.SubtractCte("gone")})
                INSERT INTO change_feed (integration_id, model, record_id, kind, changed_fields, before, after)
                SELECT @integration_id, @model, id, @kind, ARRAY['remote_deleted_at'],
                       jsonb_build_object('remote_deleted_at', NULL), jsonb_build_object('remote_deleted_at', @now_text::text)
                  FROM gone
                RETURNING seq, record_id
                """, connection);
            command.Parameters.AddWithValue("integration_id", integrationId);
            command.Parameters.AddWithValue("run", run);
            command.Parameters.AddWithValue("model", model.Name);
            command.Parameters.AddWithValue("kind", ChangeKind.Deleted);
            command.Parameters.AddWithValue("now", now);
            command.Parameters.AddWithValue("now_text", RecordFields.Format(now));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                changes.Add(new RecordChange(reader.GetInt64(0), model.Name, reader.GetString(1), ChangeKind.Deleted));
            }
        }
        await ForgetSeenAsync(connection, integrationId, cancellationToken);
        return changes;
    }

    public async Task ForgetSeenAsync(NpgsqlConnection connection, string integrationId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("DELETE FROM reconcile_seen WHERE integration_id = @integration_id", connection);
        command.Parameters.AddWithValue("integration_id", integrationId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Drops records deleted in the ATS longer ago than the retention period (none of them live, so no count moves), and
    /// their values from the change feed: a purged record's entries keep what changed and when, with no before or after.
    /// </summary>
    public async Task<int> PurgeDeletedAsync(NpgsqlConnection connection, string integrationId, DateTimeOffset cutoff,
        CancellationToken cancellationToken)
    {
        var purged = 0;
        foreach (var model in AtsModel.All)
        {
            // Data-modifying CTEs run to completion whether or not the outer query reads them.
            await using var command = new NpgsqlCommand($"""
                WITH purged AS (
                    DELETE FROM {model.Table} WHERE integration_id = @integration_id AND remote_deleted_at < @cutoff
                    RETURNING id),
                blanked AS (
                    UPDATE change_feed f SET before = NULL, after = NULL
                      FROM purged p
                     WHERE f.integration_id = @integration_id AND f.model = @model AND f.record_id = p.id
                       AND (f.before IS NOT NULL OR f.after IS NOT NULL))
                SELECT count(*) FROM purged
                """, connection);
            command.Parameters.AddWithValue("integration_id", integrationId);
            command.Parameters.AddWithValue("model", model.Name);
            command.Parameters.AddWithValue("cutoff", cutoff);
            purged += (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        return purged;
    }

    /// <summary>
    /// Drops up to <paramref name="batch"/> of the integration's oldest change-feed entries older than
    /// <paramref name="cutoff"/> (<c>Sync:RetainChangesFor</c>), never one the job grains were not told about yet
    /// (after <paramref name="notifiedThrough"/>). An integration's entries are written by one pull at a time, so its
    /// oldest seqs are its oldest entries: the statement reads at most one batch, and nothing at all (one index probe)
    /// while the oldest entry is recent.
    /// </summary>
    /// <returns>How many were dropped; fewer than <paramref name="batch"/> means none older are left.</returns>
    public async Task<int> TrimChangeFeedAsync(NpgsqlConnection connection, string integrationId, DateTimeOffset cutoff,
        long notifiedThrough, int batch, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            DELETE FROM change_feed
             WHERE seq IN (SELECT seq FROM change_feed
                            WHERE integration_id = @integration_id AND seq <= @notified
                            ORDER BY seq LIMIT @batch)
               AND at < @cutoff
               AND (SELECT at FROM change_feed WHERE integration_id = @integration_id ORDER BY seq LIMIT 1) < @cutoff
            """, connection);
        command.Parameters.AddWithValue("integration_id", integrationId);
        command.Parameters.AddWithValue("notified", notifiedThrough);
        command.Parameters.AddWithValue("batch", batch);
        command.Parameters.AddWithValue("cutoff", cutoff);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
