using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using OrleansKombo.Catalog;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Integrations;

namespace OrleansKombo.Grains.Integrations;

/// <summary>The pull: what to do next, and reading Kombo page by page with a checkpoint per page.</summary>
public sealed partial class IntegrationGrain
{
    /// <summary>What to do next, if anything, right now.</summary>
    private PullMode? NextWork() => WaitForWork() is { Wait: var wait } work && wait == TimeSpan.Zero ? work.Mode : null;

    /// <summary>What to do next and how long until it may start (a retry's backoff), or null when there is nothing to do.</summary>
    private (PullMode Mode, TimeSpan Wait)? WaitForWork()
    {
        var s = _state;
        // Kombo said INACTIVE (integration-state-changed ACTIVE ends it) or "not found" (any webhook naming it ends it).
        if (_version == 0 || s.State is IntegrationLifecycle.Deleted or IntegrationLifecycle.Inactive || s.GoneSince is not null)
        {
            return null;
        }
        PullMode? mode = s switch
        {
            { Pull: { } pull } => pull.Mode,
            { Watermark: null } => PullMode.Full,
            _ when s.ReconcileRequestedAt is not null || s.LastReconcileAt + options.ReconcileEvery <= Now => PullMode.Full,
            _ when s.PullRequestedAt is not null || s.Models.Values.Any(UnavailableModelDue) => PullMode.Delta,
            _ => null,
        };
        if (mode is not { } next)
        {
            return null;
        }
        var wait = s.RetryAt - Now;
        return (next, wait > TimeSpan.Zero ? wait.Value : TimeSpan.Zero);
    }

    /// <summary>
    /// A model Kombo refused is tried again about hourly (the reminder ticks hourly when idle, so "an hour" allows one
    /// minute of the tick's slack); sooner only after a sync-finished (<see cref="PullCheckpoint.RetryUnavailable"/>).
    /// </summary>
    private bool UnavailableModelDue(ModelStatus model) =>
        model.IsUnavailable && (model.LastTriedAt is not { } tried || tried + UnavailableModelRetry - BusyTick <= Now);

    /// <summary>Starts the background work unless it is running already: pulls of one integration never overlap.</summary>
    private void Kick()
    {
        PurgeWhenDue();
        if (_work is { IsCompleted: false })
        {
            // It may be sleeping through a backoff that this request just cut short: let it look again.
            _sleep?.Cancel();
            return;
        }
        if (WaitForWork() is not { Wait: var wait } || wait > LongestInlineWait)
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
            // Waits up to a minute are slept through here; longer ones are left to the reminder.
            while (!cancellationToken.IsCancellationRequested && WaitForWork() is { } work && work.Wait <= LongestInlineWait)
            {
                if (work.Wait > TimeSpan.Zero)
                {
                    await SleepAsync(work.Wait, cancellationToken);
                    continue;
                }
                try
                {
                    await TryPullAsync(work.Mode, cancellationToken);
                    troubles = 0;
                }
                catch (Exception error) when (error is not (OperationCanceledException or InconsistentStateException))
                {
                    // Typically PostgreSQL away while we record progress or a setback: the checkpoint in the
                    // database is still right, so try again soon, from there.
                    var pause = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, ++troubles)));
                    logger.LogWarning("Integration {IntegrationId}: could not record the pull's progress ({Error}); trying again in {Wait:0} s",
                        Id, error.Message, pause.TotalSeconds);
                    DelayDeactivation(pause + TimeSpan.FromMinutes(1));
                    await Task.Delay(pause, clock, cancellationToken);
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

    /// <summary>Sleeps through a backoff; <see cref="Kick"/> wakes it early, and the loop then decides again.</summary>
    private async Task SleepAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        DelayDeactivation(wait + TimeSpan.FromMinutes(1));
        using var sleep = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _sleep = sleep;
        try
        {
            await Task.Delay(wait, clock, sleep.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Woken by a request; the caller looks at the state again.
        }
        finally
        {
            _sleep = null;
        }
    }

    private async Task TryPullAsync(PullMode mode, CancellationToken cancellationToken)
    {
        try
        {
            await PullAsync(mode, cancellationToken);
        }
        catch (KomboApiException error) when (error.Status == System.Net.HttpStatusCode.BadRequest && _state.Pull?.Cursor is not null
            && ++_cursorRestarts <= MaxCursorRestarts)
        {
            logger.LogWarning("Integration {IntegrationId}: Kombo refused our cursor ({Error}); reading this model again from its start",
                Id, error.KomboMessage);
            await MutateAsync(s => { s.Pull!.Cursor = null; return true; });
        }
        catch (KomboApiException error) when (error.Kind == KomboErrorKind.IntegrationGone)
        {
            await StopPullsAsync(error, s => s.GoneSince ??= Now);
            logger.LogWarning("Integration {IntegrationId}: Kombo does not know it ({Error}); no pulls until a webhook names it or an operator asks for a sync",
                Id, error.Message);
        }
        catch (KomboApiException error) when (error.Kind == KomboErrorKind.IntegrationInactive)
        {
            await StopPullsAsync(error, s => s.State = IntegrationLifecycle.Inactive);
            logger.LogInformation("Integration {IntegrationId}: Kombo says it is inactive ({Error}); no pulls until integration-state-changed says ACTIVE",
                Id, error.Message);
        }
        catch (InconsistentStateException)
        {
            throw;
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            await RecordSetbackAsync(PullSetback.For(error),
                error is KomboApiException kombo ? kombo.Message : $"{error.GetType().Name}: {error.Message}");
        }
    }

    /// <summary>
    /// Kombo will not serve this integration until something changes on its side: no retries (the checkpoint stays, so
    /// the pull resumes from it), until the event that says so arrives.
    /// </summary>
    private Task StopPullsAsync(KomboApiException error, Action<IntegrationState> mark) => MutateAsync(s =>
    {
        if (s.State == IntegrationLifecycle.Deleted)
        {
            return false;
        }
        mark(s);
        s.Problem = error.Kind;
        s.RetryAt = null;
        s.FailedAttempts = 0;
        s.LastPull = new LastPull(s.Pull?.StartedAt ?? Now, Now, PullStatus.Failed, s.Pull?.RecordsRead ?? 0, s.Pull?.RecordsChanged ?? 0, error.Message);
        return true;
    });

    private async Task PullAsync(PullMode mode, CancellationToken cancellationToken)
    {
        if (_state.Pull is null)
        {
            await StartPullAsync(mode);
        }
        await NotifyOwedJobsAsync(cancellationToken);

        var models = AtsModel.PullOrder;
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
                if (!ShouldRead(model, pull, pull.Cursor))
                {
                    await SkipModelAsync(model, null);
                    continue;
                }
                var started = Stopwatch.GetTimestamp();
                (IReadOnlyList<KeptRecord> Records, string? Next) page;
                try
                {
                    page = await (prefetch ?? pages.ReadAsync(Id, model, pull, UpdatedAfter(model, pull), pull.Cursor, cancellationToken));
                }
                catch (KomboApiException refused) when (refused.Kind == KomboErrorKind.ModelUnavailable)
                {
                    // One model refused (a permission, a model the ATS or the scope config lacks) must not cost the others.
                    prefetch = null;
                    await SkipModelAsync(model, refused);
                    continue;
                }
                finally
                {
                    _timings.WaitingForKombo += Stopwatch.GetElapsedTime(started);
                }
                prefetch = null;
                var finished = page.Next is null;
                var (nextIndex, nextCursor) = finished ? (pull.ModelIndex + 1, (string?)null) : (pull.ModelIndex, page.Next);
                if (nextIndex < models.Count && (!finished || ShouldRead(models[nextIndex], pull, null)))
                {
                    // Kombo serves the next page while we write this one.
                    prefetch = pages.ReadAsync(Id, models[nextIndex], pull, UpdatedAfter(models[nextIndex], pull), nextCursor, stopPrefetch.Token);
                }

                started = Stopwatch.GetTimestamp();
                var (changes, recovered) = await CommitAsync(async (next, connection) =>
                {
                    var written = await records.WritePageAsync(connection, Id, model, page.Records,
                        pull.MarksAbsentDeleted ? pull.RunId : null, cancellationToken);
                    // Deletion ends a pull between two of its pages.
                    var checkpoint = next.Pull ?? throw new OperationCanceledException();
                    checkpoint.ModelIndex = nextIndex;
                    checkpoint.Cursor = nextCursor;
                    checkpoint.RecordsRead += page.Records.Count;
                    checkpoint.RecordsChanged += written.Count;
                    next.Setup = SetupPhase.Ready;
                    next.Problem = null;
                    next.LastPull = new LastPull(checkpoint.StartedAt, null, PullStatus.Running, checkpoint.RecordsRead, checkpoint.RecordsChanged, null);
                    next.ChangesNotifiedThroughSeq = _notifiedThrough;
                    var before = next.Models.GetValueOrDefault(model.Name);
                    if (finished && before is not { IsUnavailable: false })
                    {
                        // Read to its end: from now on the integration's watermark is this model's too.
                        next.Models[model.Name] = new ModelStatus(ModelStatus.Ok, null, null, Now, null, null);
                    }
                    return (written, before?.IsUnavailable == true && finished ? before : null);
                });
                if (recovered is not null)
                {
                    logger.LogInformation("Integration {IntegrationId}: Kombo serves {Model} again (refused with {Code} since {Since}); it has caught up",
                        Id, model.Name, recovered.Code, recovered.Since);
                }
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

    /// <summary>
    /// A model Kombo refused before is read only when it is due again (<see cref="UnavailableModelDue"/>), or when this
    /// pull was asked for by a sync-finished, or when it is half read (a resumed pull finishes what it began).
    /// </summary>
    /// <param name="cursor">Where the read of this model would continue; not null when it is half read.</param>
    private bool ShouldRead(AtsModel model, PullCheckpoint pull, string? cursor) =>
        _state.Models.GetValueOrDefault(model.Name) is not { IsUnavailable: true } refused
        || pull.RetryUnavailable || cursor is not null || UnavailableModelDue(refused);

    /// <summary>
    /// The <c>updated_after</c> for a model: the pull's, except for a model catching up after Kombo refused it, which
    /// reads from its own last good watermark (all of it, if it was never read), so the others never wait for it.
    /// </summary>
    private DateTimeOffset? UpdatedAfter(AtsModel model, PullCheckpoint pull) =>
        pull.Mode == PullMode.Full ? null
        : _state.Models.GetValueOrDefault(model.Name) is { IsUnavailable: true } refused ? refused.Watermark
        : pull.UpdatedAfter;

    /// <summary>
    /// Moves the pull past a model: Kombo just refused it (<paramref name="refused"/>), or it did recently and is not
    /// due again. Pages of it already written stay; its watermark stays where its last complete read left it.
    /// </summary>
    private async Task SkipModelAsync(AtsModel model, KomboApiException? refused)
    {
        ModelStatus? before = null;
        await MutateAsync(s =>
        {
            // Deletion ends a pull between two of its pages.
            var checkpoint = s.Pull ?? throw new OperationCanceledException();
            checkpoint.ModelIndex++;
            checkpoint.Cursor = null;
            before = s.Models.GetValueOrDefault(model.Name);
            if (refused is not null)
            {
                s.Models[model.Name] = before is { IsUnavailable: true }
                    ? before with { Code = refused.Code, Message = refused.KomboMessage, LastTriedAt = Now }
                    // Its last good read is the integration's watermark as it stands before this pull finishes.
                    : new ModelStatus(ModelStatus.Unavailable, refused.Code, refused.KomboMessage, Now, Now, s.Watermark);
            }
            return true;
        });
        if (refused is null)
        {
            return;
        }
        if (before is { IsUnavailable: true })
        {
            logger.LogInformation("Integration {IntegrationId}: Kombo still refuses {Model} ({Error}); skipped again, the other models are read",
                Id, model.Name, refused.Message);
        }
        else
        {
            logger.LogWarning("Integration {IntegrationId}: Kombo refuses {Model} ({Error}); it is skipped and tried again after the next sync-finished or in an hour, the other models are read",
                Id, model.Name, refused.Message);
        }
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
                RetryUnavailable = s.UnavailableModelsDue,
            };
            // Whatever was asked for before now, this pull reads it.
            s.PullRequestedAt = null;
            s.UnavailableModelsDue = false;
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
        // A model Kombo refused was not read in full, so its records' absence proves nothing; nor does a filtered one's.
        var skipped = _state.Models.Where(m => m.Value.IsUnavailable).Select(m => m.Key).ToList();
        var (gone, purged) = await CommitAsync(async (next, connection) =>
        {
            if (next.Pull is null)
            {
                throw new OperationCanceledException("The integration was deleted during its pull.");
            }
            IReadOnlyList<RecordChange> absent = pull.MarksAbsentDeleted
                ? await records.MarkUnseenDeletedAsync(connection, Id, pull.RunId, Now, [.. options.Filters.Keys, .. skipped], cancellationToken)
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
            next.Problem = null;
            _cursorRestarts = 0;
            next.ChangesNotifiedThroughSeq = _notifiedThrough;
            return (absent, purged);
        });
        await NotifyJobsAsync(gone, _ => null);

        logger.LogInformation(
            "Integration {IntegrationId}: {Mode} pull finished in {Seconds:0.0} s: {Read} records read, {Changed} changed, {Absent} gone since the last full read, {Purged} purged, not read: [{Skipped}]; {Timings}",
            Id, pull.Mode, (Now - pull.StartedAt).TotalSeconds, pull.RecordsRead, pull.RecordsChanged, gone.Count, purged, string.Join(", ", skipped), _timings);
    }

    /// <summary>Records an attempt that got no data and schedules the next as <paramref name="setback"/> says.</summary>
    private async Task RecordSetbackAsync(PullSetback setback, string error)
    {
        var attempt = _state.FailedAttempts + 1;
        var wait = setback.Wait(attempt);
        await MutateAsync(s =>
        {
            var now = Now;
            s.FailedAttempts = attempt;
            s.RetryAt = now + wait;
            s.Problem = setback.Kind;
            s.LastPull = new LastPull(s.Pull?.StartedAt ?? now, now, setback.Status, s.Pull?.RecordsRead ?? 0, s.Pull?.RecordsChanged ?? 0, error);
            return true;
        });
        switch (setback.Kind)
        {
            case KomboErrorKind.NotReady or KomboErrorKind.SetupIncomplete or KomboErrorKind.QaFailed:
                logger.LogInformation("Integration {IntegrationId}: Kombo has no data yet ({Error}); asking again in {Wait:0} s", Id, error, wait.TotalSeconds);
                break;
            case KomboErrorKind.OurCredentials:
                // Every integration fails the same way, and only an operator can fix it.
                logger.LogError("Integration {IntegrationId}: Kombo refuses our API key or our address ({Error}); check Kombo:ApiKey (and Kombo's IP allowlist); trying again in {Wait:0} s",
                    Id, error, wait.TotalSeconds);
                break;
            case KomboErrorKind.CustomerCredentials:
                logger.LogWarning("Integration {IntegrationId}: Kombo says the customer's ATS credentials are refused ({Error}); the customer must reconnect; trying again in {Wait:0} s",
                    Id, error, wait.TotalSeconds);
                break;
            default:
                logger.LogWarning("Integration {IntegrationId}: pull attempt {Attempt} failed ({Error}); resuming from the checkpoint in {Wait:0} s",
                    Id, attempt, error, wait.TotalSeconds);
                break;
        }
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
