using Npgsql;
using OrleansKombo.Catalog;

namespace OrleansKombo.Grains.Sync;

/// <summary>The record store's reads of stored records: for the job grains, and the hashes a page is compared with.</summary>
public sealed partial class RecordStore
{
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

    /// <summary>A page's record as stored: whether there is a row, its hash matches, it is marked deleted, its JSON (only
    /// when the hash differs), the CREATED entry it is still the after-image of, and the change-feed seq drawn for it
    /// (when it may change).</summary>
    private sealed record Stored(bool Exists, bool Same, bool Deleted, string? Record, long? CreatedSeq, long? Seq);

    /// <summary>
    /// One query for a page (issue 16 §3): per record, in page order, whether a row is stored and its hash matches, the
    /// stored JSON of just those whose hash differs (only they need a diff), and a change-feed seq for every record that
    /// may change (new or differing), so the COPY of new rows can name the CREATED entry they are the after-image of.
    /// A seq drawn for a record that turns out not to change (deleted before we ever had it) is a gap in the feed's
    /// seqs, as a rolled-back page leaves one. Opens with the page's savepoint, in the same round trip, when asked to.
    /// </summary>
    /// <remarks>
    /// Each id is its own primary-key probe (the LATERAL with LIMIT, as <see cref="ById"/>). With <c>id = ANY(…)</c> the
    /// planner, before the first ANALYZE of a table filling up during a first sync, scanned every row of the integration
    /// per page: measured 30 ms a page at 20k rows and growing, against under 1 ms.
    /// </remarks>
    /// <returns>Per record of <paramref name="records"/>, by index.</returns>
    private static async Task<IReadOnlyList<Stored>> LookUpAsync(NpgsqlConnection connection, string integrationId,
        AtsModel model, IReadOnlyList<KeptRecord> records, PageSavepoint savepoint, CancellationToken cancellationToken)
    {
        savepoint.Set = savepoint.Wanted;
        var batch = LookUpBatch(connection, integrationId, model, records, savepoint.Set);
        try
        {
            NpgsqlDataReader reader;
            try
            {
                reader = await batch.ExecuteReaderAsync(cancellationToken);
            }
            catch (PostgresException error) when (savepoint.Set && error.SqlState == PostgresErrorCodes.NoActiveSqlTransaction)
            {
                // No transaction, so nothing to roll back to (nothing is aborted either): look up without the savepoint.
                savepoint.Set = false;
                await batch.DisposeAsync();
                batch = LookUpBatch(connection, integrationId, model, records, false);
                reader = await batch.ExecuteReaderAsync(cancellationToken);
            }
            var stored = new Stored[records.Count];
            await using (reader)
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var exists = reader.GetBoolean(1);
                    stored[(int)reader.GetInt64(0) - 1] = new Stored(exists, exists && reader.GetBoolean(2), exists && reader.GetBoolean(3),
                        reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetInt64(5),
                        reader.IsDBNull(6) ? null : reader.GetInt64(6));
                }
            }
            return stored;
        }
        finally
        {
            await batch.DisposeAsync();
        }
    }

    /// <summary>The page's lookup, opened by its savepoint when <paramref name="savepoint"/>; the caller disposes it.</summary>
    private static NpgsqlBatch LookUpBatch(NpgsqlConnection connection, string integrationId, AtsModel model,
        IReadOnlyList<KeptRecord> records, bool savepoint)
    {
        var batch = new NpgsqlBatch(connection);
        if (savepoint)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SAVEPOINT record_page"));
        }
        var lookup = new NpgsqlBatchCommand($"""
            SELECT u.ord, r.content_hash IS NOT NULL, r.content_hash = u.hash, r.remote_deleted_at IS NOT NULL,
                   CASE WHEN r.content_hash <> u.hash THEN r.record::text END, r.created_seq,
                   CASE WHEN r.content_hash IS DISTINCT FROM u.hash THEN nextval('change_feed_seq_seq') END
              FROM unnest(@ids::text[], @hashes::bytea[]) WITH ORDINALITY AS u(id, hash, ord)
              LEFT JOIN LATERAL (SELECT t.content_hash, t.remote_deleted_at, t.record, t.created_seq
                                   FROM {model.Table} AS t
                                  WHERE t.integration_id = @integration_id AND t.id = u.id LIMIT 1) AS r ON true
             ORDER BY u.ord
            """);
        lookup.Parameters.AddWithValue("integration_id", integrationId);
        lookup.Parameters.AddWithValue("ids", records.Select(r => r.Id).ToArray());
        lookup.Parameters.AddWithValue("hashes", records.Select(r => r.Hash).ToArray());
        batch.BatchCommands.Add(lookup);
        return batch;
    }

    /// <summary>Selects <paramref name="columns"/> (of <c>r</c>) and the id for each of <c>@ids</c> that is stored.</summary>
    /// <remarks>The LIMIT keeps the subquery from being flattened into a join the planner could turn into a scan.</remarks>
    private static string ById(AtsModel model, string columns) => $"""
        SELECT u.id, {columns}
          FROM unnest(@ids::text[]) AS u(id)
          CROSS JOIN LATERAL (SELECT * FROM {model.Table} AS t
                               WHERE t.integration_id = @integration_id AND t.id = u.id LIMIT 1) AS r
        """;
}
