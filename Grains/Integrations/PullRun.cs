using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Grains.Operations;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Grains.Triggers;
using OrleansKombo.Integrations;
using OrleansKombo.Catalog;

namespace OrleansKombo.Grains.Integrations;

/// <summary>
/// One pull, from its checkpoint to its end: Kombo's models page by page (pages read ahead while one is written: <see cref="PageReadAhead"/>),
/// each page committed with its checkpoint in one transaction, then the job grains told what changed. It can stop
/// anywhere and resume from the last committed page, on any silo. <see cref="PullLoop"/> decides when it runs.
/// </summary>
/// <param name="keepAlive">Keeps the activation alive at least this long (the grain's DelayDeactivation).</param>
public sealed class PullRun(
    string integrationId,
    IntegrationStateKeeper state,
    IntegrationStateMachine rules,
    PullTransitions transitions,
    RecordStore records,
    KomboPageReader pages,
    JobNotifier jobs,
    TriggerOrders triggers,
    SyncOptions options,
    TimeProvider clock,
    Action<TimeSpan> keepAlive,
    ILogger logger)
{
    /// <summary>
    /// Pages read ahead of the one being written (issue 16 §4): enough to cover Kombo's answer time while a page commits,
    /// few enough that a pull holds about a thousand records in memory.
    /// </summary>
    private const int ReadAheadPages = 3;

    /// <summary>One page may take this long before the activation could be collected.</summary>
    private static readonly TimeSpan PageTime = TimeSpan.FromMinutes(30);

    private PullTimings _timings = new();

    private DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Runs the pull under way, or starts one of <paramref name="mode"/>, to its end.</summary>
    public async Task RunAsync(PullMode mode, CancellationToken cancellationToken)
    {
        if (state.State.Pull is null)
        {
            await StartAsync(mode);
        }
        await jobs.NotifyOwedAsync(cancellationToken);

        var models = AtsModel.PullOrder;
        _timings = new PullTimings();
        PageReadAhead? ahead = null;
        try
        {
            while (state.State.Pull is { } pull && pull.ModelIndex < models.Count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                keepAlive(PageTime);

                var model = models[pull.ModelIndex];
                if (!rules.ShouldRead(state.State, model, pull, pull.Cursor))
                {
                    await SkipModelAsync(model, null);
                    continue;
                }
                var started = Stopwatch.GetTimestamp();
                PageReadAhead.Page page;
                try
                {
                    ahead ??= ReadAhead(pull, cancellationToken);
                    if (await ahead.TakeAsync(pull.ModelIndex, pull.Cursor, cancellationToken) is not { } taken)
                    {
                        // The read-ahead went another way than the pull (its state changed meanwhile): read again from here.
                        await ahead.DisposeAsync();
                        ahead = ReadAhead(pull, cancellationToken);
                        taken = await ahead.TakeAsync(pull.ModelIndex, pull.Cursor, cancellationToken)
                            ?? throw new InvalidOperationException($"The read-ahead did not start at {model.Name}.");
                    }
                    page = taken;
                }
                finally
                {
                    _timings.WaitingForKombo += Stopwatch.GetElapsedTime(started);
                }
                if (page.Error is KomboApiException { Kind: KomboErrorKind.ModelUnavailable } refused)
                {
                    // One model refused (a permission, a model the ATS or the scope config lacks) must not cost the others.
                    await SkipModelAsync(model, refused);
                    continue;
                }
                if (page.Error is { } error)
                {
                    // The read-ahead stopped at this page; everything before it is committed.
                    ExceptionDispatchInfo.Throw(error);
                }
                var (nextIndex, nextCursor) = page.Next is null ? (pull.ModelIndex + 1, (string?)null) : (pull.ModelIndex, page.Next);
                await WritePageAsync(model, pull, page.Records, nextIndex, nextCursor, cancellationToken);
            }
        }
        finally
        {
            // A page that failed to commit must not leave Kombo serving (and retrying) pages nobody will write.
            if (ahead is not null)
            {
                await ahead.DisposeAsync();
            }
        }
        await FinishAsync(cancellationToken);
    }

    /// <summary>
    /// Pages read ahead of the writer from the pull's checkpoint: the next fetch starts as soon as one arrives, while
    /// earlier pages are written (filtered and hashed off the grain's thread by <see cref="KomboPageReader"/>).
    /// </summary>
    private PageReadAhead ReadAhead(PullCheckpoint pull, CancellationToken cancellationToken)
    {
        var models = AtsModel.PullOrder;
        return new PageReadAhead(ReadAheadPages, pull.ModelIndex, pull.Cursor, models.Count,
            (index, cursor) => rules.ShouldRead(state.State, models[index], state.State.Pull ?? pull, cursor),
            (index, cursor, stop) => Read(models[index], state.State.Pull ?? pull, cursor, stop),
            error => error is KomboApiException { Kind: KomboErrorKind.ModelUnavailable },
            cancellationToken);
    }

    private Task<(IReadOnlyList<KeptRecord> Records, string? Next)> Read(AtsModel model, PullCheckpoint pull, string? cursor,
        CancellationToken cancellationToken) =>
        pages.ReadAsync(integrationId, model, pull, rules.UpdatedAfter(state.State, model, pull), cursor, cancellationToken);

    /// <summary>Commits a page with the checkpoint that follows it (in the page's last batch), then tells the job grains.</summary>
    private async Task WritePageAsync(AtsModel model, PullCheckpoint pull, IReadOnlyList<KeptRecord> page, int nextIndex, string? nextCursor,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var triggered = 0;
        ModelStatus? recovered = null;
        // Read before the page's transaction opens: no grain call waits while it holds its locks.
        var packages = TriggerOrders.Watches(model) ? await triggers.PackagesAsync(integrationId) : null;
        var changes = await state.CommitBatchedAsync(async (save, connection) =>
        {
            var checkpoint = new PageCheckpoint(
                changed => save.Statement(next => recovered = transitions.PageCommitted(next, model, nextIndex, nextCursor, page.Count, changed,
                    jobs.NotifiedThrough)),
                save.Saved);
            var written = await records.WritePageAsync(connection, integrationId, model, page, pull.MarksAbsentDeleted ? pull.RunId : null,
                checkpoint, cancellationToken);
            // Trigger rules act on the page's changes in the page's transaction: both commit, or neither (issue 12).
            triggered = packages is null
                ? 0
                : await triggers.FromPageAsync(connection, integrationId, model, written, FirstSync(pull), save.Current.State, packages, cancellationToken);
            return written;
        });
        SiloMetrics.PageCommitted(model, page.Count, changes.Count);
        triggers.Committed(triggered);
        if (recovered is not null)
        {
            logger.LogInformation("Integration {IntegrationId}: Kombo serves {Model} again (refused with {Code} since {Since}); it has caught up",
                integrationId, model.Name, recovered.Code, recovered.Since);
        }
        _timings.Writing += Stopwatch.GetElapsedTime(started);
        started = Stopwatch.GetTimestamp();
        // By id, built once per page when a job changed (a search per change was quadratic in the page size).
        Dictionary<string, byte[]>? byId = null;
        await jobs.NotifyAsync(changes, id => (byId ??= JsonById(page))[id]);
        _timings.NotifyingJobs += Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Each record's kept JSON by id; the first copy wins, should Kombo ever repeat an id within a page.</summary>
    private static Dictionary<string, byte[]> JsonById(IReadOnlyList<KeptRecord> page)
    {
        var byId = new Dictionary<string, byte[]>(page.Count, StringComparer.Ordinal);
        foreach (var record in page)
        {
            byId.TryAdd(record.Id, record.Json);
        }
        return byId;
    }

    /// <summary>The integration's first pull: what it creates was in the ATS before the integration was connected.</summary>
    private static bool FirstSync(PullCheckpoint pull) => pull.UpdatedAfter is null && !pull.MarksAbsentDeleted;

    private async Task SkipModelAsync(AtsModel model, KomboApiException? refused)
    {
        ModelStatus? before = null;
        await state.MutateAsync(s =>
        {
            before = transitions.SkipModel(s, model, refused);
            return true;
        });
        if (refused is null)
        {
            return;
        }
        if (before is { IsUnavailable: true })
        {
            logger.LogInformation("Integration {IntegrationId}: Kombo still refuses {Model} ({Error}); skipped again, the other models are read",
                integrationId, model.Name, refused.Message);
        }
        else
        {
            logger.LogWarning("Integration {IntegrationId}: Kombo refuses {Model} ({Error}); it is skipped and tried again after the next sync-finished or in an hour, the other models are read",
                integrationId, model.Name, refused.Message);
        }
    }

    private async Task StartAsync(PullMode mode)
    {
        await state.MutateAsync(s =>
        {
            transitions.Start(s, mode);
            return true;
        });
        var pull = state.State.Pull!;
        logger.LogInformation("Integration {IntegrationId}: {Mode} pull started{Since}", integrationId, pull.Mode,
            pull.UpdatedAfter is { } after ? $" (updated_after {RecordFields.Format(after)})" : pull.MarksAbsentDeleted ? " (reconcile)" : " (first sync)");
    }

    private async Task FinishAsync(CancellationToken cancellationToken)
    {
        var pull = state.State.Pull!;
        // A model Kombo refused was not read in full, so its records' absence proves nothing; nor does a filtered one's.
        var skipped = state.State.Models.Where(m => m.Value.IsUnavailable).Select(m => m.Key).ToList();
        var (trimmed, pruned) = (0, 0);
        var (gone, purged) = await state.CommitAsync(async (next, connection) =>
        {
            if (next.Pull is null)
            {
                throw new OperationCanceledException("The integration was deleted during its pull.");
            }
            IReadOnlyList<RecordChange> absent = pull.MarksAbsentDeleted
                ? await records.MarkUnseenDeletedAsync(connection, integrationId, pull.RunId, Now, [.. options.Filters.Keys, .. skipped], cancellationToken)
                : [];
            // Retention is counted in days; deltas may come every minute, full reads come weekly.
            var purged = pull.Mode == PullMode.Full
                ? await records.PurgeDeletedAsync(connection, integrationId, Now - options.RetainDeletedFor, cancellationToken)
                : 0;
            // One bounded batch of entries older than Sync:RetainChangesFor; the reminder tick drops the rest of a backlog.
            trimmed = await records.TrimChangeFeedAsync(connection, integrationId, Now - options.RetainChangesFor, jobs.NotifiedThrough,
                ChangeFeedRetention.Batch, cancellationToken);
            pruned = await PullHistory.PruneAsync(connection, integrationId, Now - options.RetainPullsFor, pull.RunId, cancellationToken);
            transitions.Finish(next, pull, absent.Count, jobs.NotifiedThrough);
            return (absent, purged);
        });
        await jobs.NotifyAsync(gone, _ => null);
        SiloMetrics.PullFinished(pull.Mode, Now - pull.StartedAt);

        logger.LogInformation(
            "Integration {IntegrationId}: {Mode} pull finished in {Seconds:0.0} s: {Read} records read, {Changed} changed, {Absent} gone since the last full read, {Purged} purged, {Trimmed} old changes and {Pruned} old history rows dropped, not read: [{Skipped}]; {Timings}",
            integrationId, pull.Mode, (Now - pull.StartedAt).TotalSeconds, pull.RecordsRead, pull.RecordsChanged, gone.Count, purged, trimmed, pruned, string.Join(", ", skipped), _timings);
    }
}
