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
}
