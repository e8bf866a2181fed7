using Npgsql;
using NpgsqlTypes;
using OrleansKombo.Catalog;

namespace OrleansKombo.Grains.Sync;

/// <summary>The statements a page is written with: COPY for new records, one UPDATE for changed ones, the change feed, reconcile marks.</summary>
public sealed partial class RecordStore
{
    /// <remarks>Each new row names its CREATED change-feed entry (<c>created_seq</c>), which stores no copy of it.</remarks>
    private static async Task CopyAsync(NpgsqlConnection connection, string integrationId, AtsModel model,
        IReadOnlyList<(KeptRecord Record, long Seq)> records, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY {model.Table} (integration_id, id, changed_at, remote_deleted_at, record, content_hash, created_seq) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        foreach (var (record, seq) in records)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(integrationId, cancellationToken);
            await writer.WriteAsync(record.Id, cancellationToken);
            await writer.WriteAsync(record.ChangedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(record.RemoteDeletedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            // The kept UTF-8 bytes as they are: no string to build and encode again.
            await writer.WriteAsync(record.Json, NpgsqlDbType.Jsonb, cancellationToken);
            await writer.WriteAsync(record.Hash, cancellationToken);
            await writer.WriteAsync(seq, NpgsqlDbType.Bigint, cancellationToken);
        }
        await writer.CompleteAsync(cancellationToken);
    }

    /// <remarks>JSON travels as text[] and is cast in SQL: measured 40% faster than a jsonb[] parameter.</remarks>
    private static NpgsqlBatchCommand Update(string integrationId, AtsModel model, IReadOnlyList<KeptRecord> records)
    {
        var command = new NpgsqlBatchCommand($"""
            UPDATE {model.Table} AS t
               SET changed_at = u.changed_at, remote_deleted_at = u.remote_deleted_at, record = u.record::jsonb,
                   content_hash = u.content_hash, synced_at = now(), created_seq = NULL
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

    /// <summary>
    /// Before rows that are the after-image of their CREATED entry change (<c>created_seq</c>), each entry gets its own
    /// copy of the row as it was created: the feed answers as if the copy had been stored all along.
    /// </summary>
    private static NpgsqlBatchCommand KeepCreatedAfter(string integrationId, AtsModel model, IReadOnlyList<(long Seq, string Id)> rows)
    {
        var command = new NpgsqlBatchCommand($"""
            UPDATE change_feed AS f
               SET after = r.record
              FROM unnest(@seqs, @ids) AS u(seq, id)
              CROSS JOIN LATERAL (SELECT t.record FROM {model.Table} AS t
                                   WHERE t.integration_id = @integration_id AND t.id = u.id AND t.created_seq = u.seq LIMIT 1) AS r
             WHERE f.seq = u.seq AND f.integration_id = @integration_id AND f.after IS NULL
            """);
        command.Parameters.AddWithValue("integration_id", integrationId);
        command.Parameters.AddWithValue("seqs", rows.Select(r => r.Seq).ToArray());
        command.Parameters.AddWithValue("ids", rows.Select(r => r.Id).ToArray());
        return command;
    }

    /// <remarks>
    /// The seqs were drawn by the page's lookup, so the COPY could name them; a CREATED entry stores no after-image
    /// (its row is it, <c>change_feed_view</c>), the others their changed fields before and after.
    /// </remarks>
    private static NpgsqlBatchCommand FeedInsert(string integrationId, string model, IReadOnlyList<(KeptRecord Record, RecordDiff Diff, long Seq)> changed)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO change_feed (seq, integration_id, model, record_id, kind, changed_fields, before, after)
            OVERRIDING SYSTEM VALUE
            SELECT f.seq, @integration_id, @model, f.id, f.kind, string_to_array(f.fields, ','), f.before::jsonb, f.after::jsonb
              FROM unnest(@seqs, @ids, @kinds, @fields, @befores, @afters) AS f(seq, id, kind, fields, before, after)
            """);
        command.Parameters.AddWithValue("integration_id", integrationId);
        command.Parameters.AddWithValue("model", model);
        command.Parameters.AddWithValue("seqs", changed.Select(c => c.Seq).ToArray());
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
