using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Integrations;

namespace OrleansKombo.Grains.Integrations;

/// <summary>The pull: what to do next, and reading Kombo page by page with a checkpoint per page.</summary>
public sealed partial class IntegrationGrain
{
    /// <summary>What to do next, if anything, right now.</summary>
    private PullMode? NextWork()
    {
        var s = _state;
        if (_version == 0 || s.State == IntegrationLifecycle.Deleted || s.RetryAt > Now)
        {
            return null;
        }
        if (s.Pull is { } pull)
        {
            return pull.Mode;
        }
        if (s.Watermark is null)
        {
            return PullMode.Full;
        }
        if (s.ReconcileRequestedAt is not null || s.LastReconcileAt + options.ReconcileEvery <= Now)
        {
            return PullMode.Full;
        }
        return s.PullRequestedAt is not null ? PullMode.Delta : null;
    }

    /// <summary>Starts the background work unless it is running already: pulls of one integration never overlap.</summary>
    private void Kick()
    {
        PurgeWhenDue();
        if (_work is { IsCompleted: false } || NextWork() is null)
        {
            return;
        }
        // Not awaited: it runs on this activation's scheduler between requests, so webhooks never wait for a pull.
        _stopWork = CancellationTokenSource.CreateLinkedTokenSource(_deactivating.Token);
        _work = WorkAsync(_stopWork.Token);
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        var troubles = 0;
        try
        {
            await EnsureReminderAsync();
            while (!cancellationToken.IsCancellationRequested && NextWork() is { } mode)
            {
                TimeSpan wait;
                try
                {
                    wait = await TryPullAsync(mode, cancellationToken);
                    troubles = 0;
                }
                catch (Exception error) when (error is not (OperationCanceledException or InconsistentStateException))
                {
                    // Typically PostgreSQL away while we record progress or a setback: the checkpoint in the
                    // database is still right, so try again soon, from there.
                    wait = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, ++troubles)));
                    logger.LogWarning("Integration {IntegrationId}: could not record the pull's progress ({Error}); trying again in {Wait:0} s",
                        Id, error.Message, wait.TotalSeconds);
                }
                if (wait > LongestInlineWait)
                {
                    break;
                }
                if (wait > TimeSpan.Zero)
                {
                    DelayDeactivation(wait + TimeSpan.FromMinutes(1));
                    await Task.Delay(wait, clock, cancellationToken);
                }
            }
            await EnsureReminderAsync();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation(_state.State == IntegrationLifecycle.Deleted
                ? "Integration {IntegrationId}: deleted; its pull stopped"
                : "Integration {IntegrationId}: deactivating; the pull resumes from its checkpoint", Id);
        }
        catch (Exception error)
        {
            // A second activation took over (InconsistentState) or the reminder service is away; the reminder or the
            // next activation picks the work up again from the committed checkpoint.
            logger.LogWarning("Integration {IntegrationId}: background work stopped ({Error}); it resumes from the checkpoint later",
                Id, error.Message);
        }
    }

    /// <returns>How long to wait before trying again; zero after success.</returns>
    private async Task<TimeSpan> TryPullAsync(PullMode mode, CancellationToken cancellationToken)
    {
        try
        {
            await PullAsync(mode, cancellationToken);
            return TimeSpan.Zero;
        }
        catch (KomboApiException error) when (error.Status == System.Net.HttpStatusCode.BadRequest && _state.Pull?.Cursor is not null
            && ++_cursorRestarts <= MaxCursorRestarts)
        {
            logger.LogWarning("Integration {IntegrationId}: Kombo refused our cursor ({Error}); reading this model again from its start",
                Id, error.KomboMessage);
            await MutateAsync(s => { s.Pull!.Cursor = null; return true; });
            return TimeSpan.Zero;
        }
        catch (KomboApiException error) when (error.IsNotReady)
        {
            return await RecordSetbackAsync(PullStatus.NotReady, $"{error.Code}: {error.KomboMessage}");
        }
        catch (InconsistentStateException)
        {
            throw;
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            return await RecordSetbackAsync(PullStatus.Failed, error is KomboApiException kombo ? kombo.Message : $"{error.GetType().Name}: {error.Message}");
        }
    }

    private async Task PullAsync(PullMode mode, CancellationToken cancellationToken)
    {
        if (_state.Pull is null)
        {
            await StartPullAsync(mode);
        }
        await NotifyOwedJobsAsync(cancellationToken);

        var models = KomboModel.PullOrder;
        _timings = new PullTimings();
        Task<(IReadOnlyList<KeptRecord> Records, string? Next)>? prefetch = null;
        // A page that fails to commit must not leave Kombo serving (and retrying) a next page nobody will write.
        using var stopPrefetch = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            while (_state.Pull is { } pull && pull.ModelIndex < models.Count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                DelayDeactivation(TimeSpan.FromMinutes(30));

                var model = models[pull.ModelIndex];
                var started = Stopwatch.GetTimestamp();
                var page = await (prefetch ?? pages.ReadAsync(Id, model, pull, pull.Cursor, cancellationToken));
                _timings.WaitingForKombo += Stopwatch.GetElapsedTime(started);
                prefetch = null;
                var (nextIndex, nextCursor) = page.Next is null ? (pull.ModelIndex + 1, (string?)null) : (pull.ModelIndex, page.Next);
                if (nextIndex < models.Count)
                {
                    // Kombo serves the next page while we write this one.
                    prefetch = pages.ReadAsync(Id, models[nextIndex], pull, nextCursor, stopPrefetch.Token);
                }

                var table = RecordTable.For(model.Name);
                started = Stopwatch.GetTimestamp();
                var changes = await CommitAsync(async (next, connection) =>
                {
                    var written = await records.WritePageAsync(connection, Id, table, page.Records,
                        pull.MarksAbsentDeleted ? pull.RunId : null, cancellationToken);
                    // Deletion ends a pull between two of its pages.
                    var checkpoint = next.Pull ?? throw new OperationCanceledException();
                    checkpoint.ModelIndex = nextIndex;
                    checkpoint.Cursor = nextCursor;
                    checkpoint.RecordsRead += page.Records.Count;
                    checkpoint.RecordsChanged += written.Count;
                    next.Setup = SetupPhase.Ready;
                    next.LastPull = new LastPull(checkpoint.StartedAt, null, PullStatus.Running, checkpoint.RecordsRead, checkpoint.RecordsChanged, null);
                    next.ChangesNotifiedThroughSeq = _notifiedThrough;
                    return written;
                });
                _timings.Writing += Stopwatch.GetElapsedTime(started);
                started = Stopwatch.GetTimestamp();
                await NotifyJobsAsync(changes, id => page.Records.First(r => r.Id == id).Json);
                _timings.NotifyingJobs += Stopwatch.GetElapsedTime(started);
            }
        }
        finally
        {
            if (prefetch is not null)
            {
                await stopPrefetch.CancelAsync();
                await prefetch.ContinueWith(_ => { }, CancellationToken.None);
            }
        }
        await FinishPullAsync(cancellationToken);
    }

    private async Task StartPullAsync(PullMode mode)
    {
        await MutateAsync(s =>
        {
            var first = s.Watermark is null;
            s.Pull = new PullCheckpoint
            {
                Mode = mode,
                RunId = Guid.NewGuid(),
                StartedAt = Now,
                UpdatedAfter = mode == PullMode.Delta ? s.Watermark : null,
                MarksAbsentDeleted = mode == PullMode.Full && !first,
            };
            // Whatever was asked for before now, this pull reads it.
            s.PullRequestedAt = null;
            if (mode == PullMode.Full)
            {
                s.ReconcileRequestedAt = null;
            }
            s.LastPull = new LastPull(Now, null, PullStatus.Running, 0, 0, null);
            return true;
        });
        var pull = _state.Pull!;
        logger.LogInformation("Integration {IntegrationId}: {Mode} pull started{Since}", Id, pull.Mode,
            pull.UpdatedAfter is { } after ? $" (updated_after {RecordFields.Format(after)})" : pull.MarksAbsentDeleted ? " (reconcile)" : " (first sync)");
    }

    private async Task FinishPullAsync(CancellationToken cancellationToken)
    {
        var pull = _state.Pull!;
        var (gone, purged) = await CommitAsync(async (next, connection) =>
        {
            if (next.Pull is null)
            {
                throw new OperationCanceledException("The integration was deleted during its pull.");
            }
            IReadOnlyList<RecordChange> absent = pull.MarksAbsentDeleted
                ? await records.MarkUnseenDeletedAsync(connection, Id, pull.RunId, Now, options.Filters.Keys, cancellationToken)
                : [];
            // Retention is counted in days; deltas may come every minute, full reads come weekly.
            var purged = pull.Mode == PullMode.Full
                ? await records.PurgeDeletedAsync(connection, Id, Now - options.RetainDeletedFor, cancellationToken)
                : 0;
            next.Watermark = pull.StartedAt - options.Overlap;
            if (pull.Mode == PullMode.Full)
            {
                next.LastReconcileAt = pull.StartedAt;
            }
            next.LastPull = new LastPull(pull.StartedAt, Now, PullStatus.Succeeded, pull.RecordsRead, pull.RecordsChanged + absent.Count, null);
            next.Pull = null;
            next.RetryAt = null;
            next.FailedAttempts = 0;
            _cursorRestarts = 0;
            next.ChangesNotifiedThroughSeq = _notifiedThrough;
            return (absent, purged);
        });
        await NotifyJobsAsync(gone, _ => null);

        logger.LogInformation(
            "Integration {IntegrationId}: {Mode} pull finished in {Seconds:0.0} s: {Read} records read, {Changed} changed, {Absent} gone since the last full read, {Purged} purged; {Timings}",
            Id, pull.Mode, (Now - pull.StartedAt).TotalSeconds, pull.RecordsRead, pull.RecordsChanged, gone.Count, purged, _timings);
    }

    /// <summary>Records a failed or "not ready" attempt and schedules the next with exponential backoff and jitter.</summary>
    private async Task<TimeSpan> RecordSetbackAsync(string status, string error)
    {
        var probe = status == PullStatus.NotReady;
        var attempt = _state.FailedAttempts + 1;
        var (first, cap) = probe ? (TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(10)) : (TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(15));
        var wait = Backoff.Jittered(attempt, first, cap);
        await MutateAsync(s =>
        {
            s.FailedAttempts = attempt;
            s.RetryAt = Now + wait;
            s.LastPull = new LastPull(s.Pull?.StartedAt ?? Now, Now, status, s.Pull?.RecordsRead ?? 0, s.Pull?.RecordsChanged ?? 0, error);
            return true;
        });
        if (probe)
        {
            logger.LogInformation("Integration {IntegrationId}: Kombo has no data yet ({Error}); asking again in {Wait:0} s", Id, error, wait.TotalSeconds);
        }
        else
        {
            logger.LogWarning("Integration {IntegrationId}: pull attempt {Attempt} failed ({Error}); resuming from the checkpoint in {Wait:0} s",
                Id, attempt, error, wait.TotalSeconds);
        }
        return wait;
    }

    /// <summary>
    /// A deleted integration's synced data (records, change feed, job lifecycles) is personal data we no longer need:
    /// it goes <c>Sync:RetainDeletedFor</c> after Kombo's deleted_at, once. The integration's row stays, saying when.
    /// </summary>
    private void PurgeWhenDue()
    {
        if (_purge is { IsCompleted: false } || _state is not { State: IntegrationLifecycle.Deleted, DeletedAt: { } deletedAt, DataPurgedAt: null }
            || deletedAt + options.RetainDeletedFor > Now)
        {
            return;
        }
        _purge = PurgeDataAsync(deletedAt);
    }

    private async Task PurgeDataAsync(DateTimeOffset deletedAt)
    {
        try
        {
            // The commit lock also waits out a page a stopping pull may still be writing (it then fails: no checkpoint).
            var rows = await CommitAsync(async (next, connection) =>
            {
                next.DataPurgedAt = Now;
                return await records.PurgeIntegrationAsync(connection, Id, _deactivating.Token);
            });
            logger.LogInformation("Integration {IntegrationId}: deleted in Kombo at {DeletedAt}; its synced data is purged ({Rows} rows)",
                Id, deletedAt, rows);
            await EnsureReminderAsync();
        }
        catch (Exception error)
        {
            logger.LogWarning("Integration {IntegrationId}: could not purge the deleted integration's data ({Error}); the reminder tries again",
                Id, error.Message);
        }
    }
}
