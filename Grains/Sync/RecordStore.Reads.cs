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
}
