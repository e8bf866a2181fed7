using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OrleansKombo.Catalog;

namespace OrleansKombo.Grains.Sync;

/// <summary>
/// The write side of the record store. A page is written with a handful of set-based statements inside the
/// caller's transaction: unchanged records (same hash) are not touched, new ones are copied in, changed ones are
/// updated in one statement, and each change goes to the change feed with the fields that changed and their
/// values before and after. Every write that changes how many records are live moves <see cref="RecordCounts"/>
/// in the same transaction.
/// </summary>
/// <remarks>
/// One class in four files, by concern: writing a page (here), the page's statements (<c>RecordStore.Statements.cs</c>),
/// reading stored records (<c>RecordStore.Reads.cs</c>), and reconcile and retention (<c>RecordStore.Retention.cs</c>).
/// </remarks>
public sealed partial class RecordStore(ILogger<RecordStore>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<RecordStore>.Instance;

    /// <summary>
    /// Writes a page. Should PostgreSQL refuse a value of one record (a data error or a limit, such as an id too long
    /// for its index), the page is written again record by record, each behind a savepoint, so only that record is
    /// left out (and logged) and the page still commits with its checkpoint: one bad record never stops a pull. The
    /// fallback needs the caller's transaction (a pull always has one); without one a failure fails the call.
    /// </summary>
    public Task<IReadOnlyList<RecordChange>> WritePageAsync(NpgsqlConnection connection, string integrationId,
        AtsModel model, IReadOnlyList<KeptRecord> page, Guid? reconcileRun, CancellationToken cancellationToken) =>
        WritePageAsync(connection, integrationId, model, page, reconcileRun, null, cancellationToken);

    /// <summary>
    /// Writes a page as <see cref="WritePageAsync(NpgsqlConnection, string, AtsModel, IReadOnlyList{KeptRecord}, Guid?, CancellationToken)"/>
    /// does, with <paramref name="checkpoint"/> in the page's last batch: on success it ran exactly once, in the caller's
    /// transaction, counting the changes that were written.
    /// </summary>
    /// <remarks>
    /// Round trips of a page: the savepoint and the lookup of stored rows (one batch), the COPY of new records, and one
    /// batch with the updates, the change feed, the counts and the checkpoint; then the caller's commit.
    /// </remarks>
    public async Task<IReadOnlyList<RecordChange>> WritePageAsync(NpgsqlConnection connection, string integrationId,
        AtsModel model, IReadOnlyList<KeptRecord> page, Guid? reconcileRun, PageCheckpoint? checkpoint, CancellationToken cancellationToken)
    {
        var savepoint = new PageSavepoint { Wanted = page.Count > 1 };
        try
        {
            return await WriteAsync(connection, integrationId, model, page, reconcileRun, checkpoint, savepoint, cancellationToken);
        }
        catch (PostgresException error) when (savepoint.Set && IsRecordProblem(error))
        {
            await ExecuteAsync(connection, "ROLLBACK TO SAVEPOINT record_page", cancellationToken);
            var changes = await WriteOneByOneAsync(connection, integrationId, model, page, reconcileRun, cancellationToken);
            if (checkpoint is not null)
            {
                await RunAloneAsync(connection, checkpoint, changes.Count, cancellationToken);
            }
            return changes;
        }
    }

    /// <summary>Whether the page's first batch is to open with <c>SAVEPOINT record_page</c>, and whether it did.</summary>
    private sealed class PageSavepoint
    {
        public bool Wanted { get; init; }

        public bool Set { get; set; }
    }

    /// <summary>Data exceptions (class 22) and program limits (class 54) belong to a value; anything else fails the page.</summary>
    private static bool IsRecordProblem(PostgresException error) => error.SqlState.StartsWith("22", StringComparison.Ordinal)
        || error.SqlState.StartsWith("54", StringComparison.Ordinal);

    private static async Task RunAloneAsync(NpgsqlConnection connection, PageCheckpoint checkpoint, int changes, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(checkpoint.Statement(changes));
        checkpoint.Saved(await batch.ExecuteScalarAsync(cancellationToken));
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
                changes.AddRange(await WriteAsync(connection, integrationId, model, [record], reconcileRun, null, new PageSavepoint(), cancellationToken));
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
        AtsModel model, IReadOnlyList<KeptRecord> page, Guid? reconcileRun, PageCheckpoint? checkpoint, PageSavepoint savepoint,
        CancellationToken cancellationToken)
    {
        // Kombo never repeats an id within a page; if it did, the last copy wins.
        var records = page.GroupBy(r => r.Id).Select(g => g.Last()).ToList();
        if (records.Count == 0)
        {
            if (checkpoint is not null)
            {
                await RunAloneAsync(connection, checkpoint, 0, cancellationToken);
            }
            return [];
        }
        var stored = await LookUpAsync(connection, integrationId, model, records, savepoint, cancellationToken);

        var changed = new List<(KeptRecord Record, RecordDiff Diff, long Seq)>();
        var seqs = new Queue<long>(stored.Where(s => s.Seq is not null).Select(s => s.Seq!.Value).Order());
        var materialise = new List<(long Seq, string Id)>();
        for (var i = 0; i < records.Count; i++)
        {
            var (record, old) = (records[i], stored[i].Exists ? stored[i] : null);
            // Unchanged, or deleted before we ever had it: nothing to keep.
            if (old is { Same: true } || old is null && record.RemoteDeletedAt is not null)
            {
                continue;
            }
            // The lookup drew a feed seq for every row that may change, in page order; the changes take them in order.
            if (!seqs.TryDequeue(out var seq))
            {
                throw new InvalidOperationException($"The lookup drew too few change-feed seqs for {model.Name} record {record.Id}.");
            }
            changed.Add((record, RecordDiff.Of(old?.Record, old?.Deleted ?? false, record), seq));
            if (old?.CreatedSeq is { } createdSeq)
            {
                materialise.Add((createdSeq, record.Id));
            }
        }

        // New records go in with binary COPY, the fastest way into PostgreSQL (measured: a third faster than a multi-row
        // insert); nobody else writes this integration's rows, and a stray second writer fails the whole page.
        var created = changed.Where(c => c.Diff.Kind == ChangeKind.Created).Select(c => (c.Record, c.Seq)).ToList();
        if (created.Count > 0)
        {
            await CopyAsync(connection, integrationId, model, created, cancellationToken);
        }

        await using var batch = new NpgsqlBatch(connection);
        if (materialise.Count > 0)
        {
            // Before the update: the CREATED entries these rows were the after-image of get their own copy.
            batch.BatchCommands.Add(KeepCreatedAfter(integrationId, model, materialise));
        }
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
        if (checkpoint is not null)
        {
            batch.BatchCommands.Add(checkpoint.Statement(changed.Count));
        }
        if (batch.BatchCommands.Count > 0)
        {
            // Only the checkpoint returns rows (Npgsql gives no result set for the others), so the scalar is its.
            var result = await batch.ExecuteScalarAsync(cancellationToken);
            checkpoint?.Saved(result);
        }
        return changed.Select(c => new RecordChange(c.Seq, model.Name, c.Record.Id, c.Diff.Kind)).ToList();
    }
}
