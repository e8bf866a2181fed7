using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using OrleansKombo.Catalog;

namespace OrleansKombo.Grains.Sync;

/// <summary>
/// The write side of the record store. A page is written with a handful of set-based statements inside the
/// caller's transaction: unchanged records (same hash) are not touched, new ones are copied in, changed ones are
/// updated in one statement, and each change goes to the change feed with the fields that changed and their
/// values before and after. Every write that changes how many records are live moves <see cref="RecordCounts"/>
/// in the same transaction.
/// </summary>
public sealed class RecordStore(ILogger<RecordStore>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<RecordStore>.Instance;

    /// <summary>
    /// Writes a page. Should PostgreSQL refuse a value of one record (a data error or a limit, such as an id too long
    /// for its index), the page is written again record by record, each behind a savepoint, so only that record is
    /// left out (and logged) and the page still commits with its checkpoint: one bad record never stops a pull. The
    /// fallback needs the caller's transaction (a pull always has one); without one a failure fails the call.
    /// </summary>
    public async Task<IReadOnlyList<RecordChange>> WritePageAsync(NpgsqlConnection connection, string integrationId,
        AtsModel model, IReadOnlyList<KeptRecord> page, Guid? reconcileRun, CancellationToken cancellationToken)
    {
        var guarded = page.Count > 1 && await TrySavepointAsync(connection, cancellationToken);
        try
        {
            return await WriteAsync(connection, integrationId, model, page, reconcileRun, cancellationToken);
        }
        catch (PostgresException error) when (guarded && IsRecordProblem(error))
        {
            await ExecuteAsync(connection, "ROLLBACK TO SAVEPOINT record_page", cancellationToken);
            return await WriteOneByOneAsync(connection, integrationId, model, page, reconcileRun, cancellationToken);
        }
    }

    /// <summary>Data exceptions (class 22) and program limits (class 54) belong to a value; anything else fails the page.</summary>
    private static bool IsRecordProblem(PostgresException error) => error.SqlState.StartsWith("22", StringComparison.Ordinal)
        || error.SqlState.StartsWith("54", StringComparison.Ordinal);

    /// <summary>False outside a transaction (PostgreSQL refuses a savepoint there, and nothing is aborted).</summary>
    private static async Task<bool> TrySavepointAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync(connection, "SAVEPOINT record_page", cancellationToken);
            return true;
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.NoActiveSqlTransaction)
        {
            return false;
        }
    }

    private async Task<IReadOnlyList<RecordChange>> WriteOneByOneAsync(NpgsqlConnection connection, string integrationId,
        AtsModel model, IReadOnlyList<KeptRecord> page, Guid? reconcileRun, CancellationToken cancellationToken)
    {
        var changes = new List<RecordChange>();
        foreach (var record in page.GroupBy(r => r.Id).Select(g => g.Last()))
        {
            await ExecuteAsync(connection, "SAVEPOINT record_one", cancellationToken);
            try
            {
                changes.AddRange(await WriteAsync(connection, integrationId, model, [record], reconcileRun, cancellationToken));
                await ExecuteAsync(connection, "RELEASE SAVEPOINT record_one", cancellationToken);
            }
            catch (PostgresException error) when (IsRecordProblem(error))
            {
                await ExecuteAsync(connection, "ROLLBACK TO SAVEPOINT record_one", cancellationToken);
                _logger.LogWarning(
                    "Integration {IntegrationId}: {Model} record {RecordId} left out, PostgreSQL refused it ({SqlState}: {Error}); the rest of its page is stored",
                    integrationId, model.Name, record.Id.Length > 100 ? record.Id[..100] + "…" : record.Id, error.SqlState, error.MessageText);
            }
        }
        return changes;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<RecordChange>> WriteAsync(NpgsqlConnection connection, string integrationId,
        AtsModel model, IReadOnlyList<KeptRecord> page, Guid? reconcileRun, CancellationToken cancellationToken)
    {
        // Kombo never repeats an id within a page; if it did, the last copy wins.
        var records = page.GroupBy(r => r.Id).Select(g => g.Last()).ToList();
        if (records.Count == 0)
        {
            return [];
        }
        var existing = await ReadExistingAsync(connection, integrationId, model, records, cancellationToken);

        var changed = new List<(KeptRecord Record, RecordDiff Diff)>();
        foreach (var record in records)
        {
            existing.TryGetValue(record.Id, out var old);
            // Unchanged, or deleted before we ever had it: nothing to keep.
            if (old is { Same: true } || old is null && record.RemoteDeletedAt is not null)
            {
                continue;
            }
            changed.Add((record, RecordDiff.Of(old?.Record, old?.Deleted ?? false, record)));
        }

        // New records go in with COPY, the fastest way into PostgreSQL (measured: a third faster than a multi-row
        // insert); nobody else writes this integration's rows, and a stray second writer fails the whole page.
        var created = changed.Where(c => c.Diff.Kind == ChangeKind.Created).Select(c => c.Record).ToList();
        if (created.Count > 0)
        {
            await CopyAsync(connection, integrationId, model, created, cancellationToken);
        }

        await using var batch = new NpgsqlBatch(connection);
        var updated = changed.Where(c => c.Diff.Kind != ChangeKind.Created).Select(c => c.Record).ToList();
        if (updated.Count > 0)
        {
            batch.BatchCommands.Add(Update(integrationId, model, updated));
        }
        if (changed.Count > 0)
        {
            batch.BatchCommands.Add(FeedInsert(integrationId, model.Name, changed));
        }
        if (reconcileRun is { } run)
        {
            batch.BatchCommands.Add(MarkSeen(integrationId, run, model.Name, records.Select(r => r.Id).ToArray()));
        }
        if (changed.Sum(c => c.Diff.LiveDelta) is var live and not 0)
        {
            batch.BatchCommands.Add(RecordCounts.Add(integrationId, model, live));
        }
        if (batch.BatchCommands.Count == 0)
        {
            return [];
        }

        var changes = new List<RecordChange>(changed.Count);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (changed.Count > 0)
        {
            // Npgsql gives no result set for the update (it returns no rows), so the reader starts on the feed's.
            while (await reader.ReadAsync(cancellationToken))
            {
                changes.Add(new RecordChange(reader.GetInt64(0), model.Name, reader.GetString(1), reader.GetString(2)));
            }
        }
        return changes;
    }

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
                WITH gone AS (
                    UPDATE {model.Table} AS r
                       SET remote_deleted_at = @now,
                           record = jsonb_set(r.record, ARRAY['remote_deleted_at'], to_jsonb(@now_text::text)),
                           content_hash = '\x'::bytea,
                           synced_at = now()
                     WHERE r.integration_id = @integration_id AND r.remote_deleted_at IS NULL
                       AND NOT EXISTS (SELECT 1 FROM reconcile_seen s
                                        WHERE s.integration_id = @integration_id AND s.run_id = @run
                                          AND s.model = @model AND s.id = r.id)
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

    /// <summary>The current (kept) JSON of some records, e.g. to tell job grains about changes again after a crash.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ReadAsync(NpgsqlConnection connection, string integrationId,
        AtsModel model, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ById(model, "r.record::text"), connection);
        command.Parameters.AddWithValue("integration_id", integrationId);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            records[reader.GetString(0)] = reader.GetString(1);
        }
        return records;
    }

    /// <summary>
    /// Jobs in the change feed after <paramref name="afterSeq"/>, with their current record, and the feed's last
    /// seq: what a pull that stopped between a commit and its job notifications still owes the job grains.
    /// </summary>
    public async Task<(IReadOnlyDictionary<string, string> Jobs, long LastSeq)> ReadJobChangesAsync(NpgsqlConnection connection,
        string integrationId, long afterSeq, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT max(seq) FROM change_feed WHERE integration_id = @integration_id AND seq > @after),
                   array(SELECT DISTINCT record_id FROM change_feed
                          WHERE integration_id = @integration_id AND seq > @after AND model = @jobs)
            """, connection);
        command.Parameters.AddWithValue("integration_id", integrationId);
        command.Parameters.AddWithValue("jobs", AtsModel.Jobs.Name);
        command.Parameters.AddWithValue("after", afterSeq);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var last = reader.IsDBNull(0) ? afterSeq : reader.GetInt64(0);
        var ids = reader.GetFieldValue<string[]>(1);
        await reader.DisposeAsync();
        return (ids.Length == 0 ? new Dictionary<string, string>() : await ReadAsync(connection, integrationId, AtsModel.Jobs, ids, cancellationToken), last);
    }

    private sealed record Existing(bool Same, bool Deleted, string? Record);

    /// <summary>
    /// Stored hash per id, then the stored JSON of just those whose hash differs, since only they need a diff.
    /// </summary>
    /// <remarks>
    /// Each id is its own primary-key probe (<see cref="ById"/>). With <c>id = ANY(…)</c> the planner, before the
    /// first ANALYZE of a table filling up during a first sync, scanned every row of the integration per page:
    /// measured 30 ms a page at 20k rows and growing, against under 1 ms.
    /// </remarks>
    private async Task<Dictionary<string, Existing>> ReadExistingAsync(NpgsqlConnection connection, string integrationId,
        AtsModel model, IReadOnlyList<KeptRecord> records, CancellationToken cancellationToken)
    {
        var incoming = records.ToDictionary(r => r.Id, r => r.Hash, StringComparer.Ordinal);
        var existing = new Dictionary<string, Existing>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(
            ById(model, "r.content_hash, r.remote_deleted_at IS NOT NULL"), connection))
        {
            command.Parameters.AddWithValue("integration_id", integrationId);
            command.Parameters.AddWithValue("ids", incoming.Keys.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                existing[id] = new Existing(reader.GetFieldValue<byte[]>(1).AsSpan().SequenceEqual(incoming[id]), reader.GetBoolean(2), null);
            }
        }

        var differing = existing.Where(e => !e.Value.Same).Select(e => e.Key).ToList();
        if (differing.Count > 0)
        {
            foreach (var (id, json) in await ReadAsync(connection, integrationId, model, differing, cancellationToken))
            {
                existing[id] = existing[id] with { Record = json };
            }
        }
        return existing;
    }

    /// <summary>Selects <paramref name="columns"/> (of <c>r</c>) and the id for each of <c>@ids</c> that is stored.</summary>
    /// <remarks>The LIMIT keeps the subquery from being flattened into a join the planner could turn into a scan.</remarks>
    private static string ById(AtsModel model, string columns) => $"""
        SELECT u.id, {columns}
          FROM unnest(@ids::text[]) AS u(id)
          CROSS JOIN LATERAL (SELECT * FROM {model.Table} AS t
                               WHERE t.integration_id = @integration_id AND t.id = u.id LIMIT 1) AS r
        """;

    private static async Task CopyAsync(NpgsqlConnection connection, string integrationId, AtsModel model,
        IReadOnlyList<KeptRecord> records, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY {model.Table} (integration_id, id, changed_at, remote_deleted_at, record, content_hash) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        foreach (var record in records)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(integrationId, cancellationToken);
            await writer.WriteAsync(record.Id, cancellationToken);
            await writer.WriteAsync(record.ChangedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(record.RemoteDeletedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(record.Text, NpgsqlDbType.Jsonb, cancellationToken);
            await writer.WriteAsync(record.Hash, cancellationToken);
        }
        await writer.CompleteAsync(cancellationToken);
    }

    /// <remarks>JSON travels as text[] and is cast in SQL: measured 40% faster than a jsonb[] parameter.</remarks>
    private static NpgsqlBatchCommand Update(string integrationId, AtsModel model, IReadOnlyList<KeptRecord> records)
    {
        var command = new NpgsqlBatchCommand($"""
            UPDATE {model.Table} AS t
               SET changed_at = u.changed_at, remote_deleted_at = u.remote_deleted_at, record = u.record::jsonb,
                   content_hash = u.content_hash, synced_at = now()
              FROM unnest(@ids, @changed_at, @remote_deleted_at, @records, @hashes)
                   AS u(id, changed_at, remote_deleted_at, record, content_hash)
             WHERE t.integration_id = @integration_id AND t.id = u.id
            """);
        command.Parameters.AddWithValue("integration_id", integrationId);
        command.Parameters.AddWithValue("ids", records.Select(r => r.Id).ToArray());
        command.Parameters.AddWithValue("changed_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, records.Select(r => r.ChangedAt).ToArray());
        command.Parameters.AddWithValue("remote_deleted_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, records.Select(r => r.RemoteDeletedAt).ToArray());
        command.Parameters.AddWithValue("records", records.Select(r => r.Text).ToArray());
        command.Parameters.AddWithValue("hashes", records.Select(r => r.Hash).ToArray());
        return command;
    }

    private static NpgsqlBatchCommand FeedInsert(string integrationId, string model, IReadOnlyList<(KeptRecord Record, RecordDiff Diff)> changed)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO change_feed (integration_id, model, record_id, kind, changed_fields, before, after)
            SELECT @integration_id, @model, f.id, f.kind, string_to_array(f.fields, ','), f.before::jsonb, f.after::jsonb
              FROM unnest(@ids, @kinds, @fields, @befores, @afters) AS f(id, kind, fields, before, after)
            RETURNING seq, record_id, kind
            """);
        command.Parameters.AddWithValue("integration_id", integrationId);
        command.Parameters.AddWithValue("model", model);
        command.Parameters.AddWithValue("ids", changed.Select(c => c.Record.Id).ToArray());
        command.Parameters.AddWithValue("kinds", changed.Select(c => c.Diff.Kind).ToArray());
        command.Parameters.AddWithValue("fields", changed.Select(c => string.Join(',', c.Diff.Fields)).ToArray());
        command.Parameters.AddWithValue("befores", NpgsqlDbType.Array | NpgsqlDbType.Text, changed.Select(c => c.Diff.Before).ToArray());
        command.Parameters.AddWithValue("afters", NpgsqlDbType.Array | NpgsqlDbType.Text, changed.Select(c => c.Diff.After).ToArray());
        return command;
    }

    private static NpgsqlBatchCommand MarkSeen(string integrationId, Guid run, string model, string[] ids)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO reconcile_seen (integration_id, run_id, model, id)
            SELECT @integration_id, @run, @model, unnest(@ids)
            ON CONFLICT DO NOTHING
            """);
        command.Parameters.AddWithValue("integration_id", integrationId);
        command.Parameters.AddWithValue("run", run);
        command.Parameters.AddWithValue("model", model);
        command.Parameters.AddWithValue("ids", ids);
        return command;
    }
}
