using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Storage;
using OrleansKombo.Assessment;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Integrations;
using OrleansKombo.Jobs;
using OrleansKombo.Webhooks;

namespace OrleansKombo.Grains.Integrations;

/// <summary>
/// Owns one integration: its lifecycle, what Kombo last said about syncs, and our pulls. Webhooks only record
/// and request; the pull runs in the background on the grain's own scheduler, so webhooks never wait for it,
/// and it commits each page together with its checkpoint, so it can stop anywhere and resume on any silo.
/// </summary>
public sealed class IntegrationGrain(
    IntegrationStore store,
    RecordStore records,
    KomboPageReader pages,
    NpgsqlDataSource dataSource,
    SyncOptions options,
    TimeProvider clock,
    ILogger<IntegrationGrain> logger) : Grain, IIntegrationGrain, IRemindable
{
    private const string ReminderName = "sync";

    /// <summary>While work is pending the reminder checks every minute (Orleans' minimum); otherwise hourly.</summary>
    private static readonly TimeSpan BusyTick = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan IdleTick = TimeSpan.FromHours(1);

    /// <summary>A cursor Kombo refuses (it may expire during a long pause) restarts its model; twice, not forever.</summary>
    private const int MaxCursorRestarts = 2;

    /// <summary>Waits up to this long are slept through in the background; longer ones are left to the reminder.</summary>
    private static readonly TimeSpan LongestInlineWait = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _commit = new(1, 1);
    private readonly CancellationTokenSource _deactivating = new();
    private IntegrationState _state = null!;
    private long _version;
    private long _notifiedThrough;
    private Task? _work;
    private CancellationTokenSource? _stopWork;
    private TimeSpan? _reminderPeriod;
    private int _cursorRestarts;
    private PullTimings _timings = new();

    private string Id => this.GetPrimaryKeyString();

    private DateTimeOffset Now => clock.GetUtcNow();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (var stored, _version) = await store.LoadAsync(Id, cancellationToken);
        _state = stored ?? new IntegrationState { Id = Id };
        _notifiedThrough = _state.ChangesNotifiedThroughSeq;
        Kick();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await _deactivating.CancelAsync();
        if (_work is { } work)
        {
            await work.WaitAsync(cancellationToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Kick();
        return Task.CompletedTask;
    }

    public Task<IntegrationStatus> GetStatus() => Task.FromResult(_state.ToStatus());

    public async Task OnCreated(IntegrationCreated created)
    {
        await MutateAsync(s =>
        {
            if (s.State == IntegrationLifecycle.Deleted || s.EndUser == created.EndUser && s.Tool == created.Tool)
            {
                return false;
            }
            Describe(s, created.Tool, created.Category);
            s.EndUser = created.EndUser;
            return true;
        });
        logger.LogInformation("Integration {IntegrationId} created for {Organization} ({Tool}); waiting for its first sync",
            Id, created.EndUser.OrganizationName, created.Tool);
        Kick();
    }

    public async Task OnStateChanged(IntegrationStateChanged changed)
    {
        var known = Enum.TryParse<IntegrationLifecycle>(changed.State, ignoreCase: true, out var lifecycle) && lifecycle != IntegrationLifecycle.Deleted;
        var applied = await MutateAsync(s =>
        {
            if (s.State == IntegrationLifecycle.Deleted || changed.UpdatedAt <= s.StateUpdatedAt)
            {
                return false;
            }
            Describe(s, changed.IntegrationTool, changed.IntegrationCategory);
            s.EndUser = changed.EndUser;
            s.StateUpdatedAt = changed.UpdatedAt;
            s.QaStatus = changed.QaStatus;
            s.KomboSetupStatus = changed.SetupStatus;
            if (known)
            {
                s.State = lifecycle;
            }
            return true;
        });
        if (applied)
        {
            logger.LogInformation("Integration {IntegrationId} is {State} (Kombo says {KomboState}, setup {SetupStatus}, QA {QaStatus})",
                Id, _state.State, changed.State, changed.SetupStatus, changed.QaStatus);
            if (_state.State == IntegrationLifecycle.Active)
            {
                // Kombo may have lost the packages while the integration was down; the assessment grain owns the retries.
                GrainFactory.GetGrain<IAssessmentGrain>(Id).PushPackages().Ignore();
            }
        }
    }

    public async Task OnDeleted(IntegrationDeleted deleted)
    {
        var applied = await MutateAsync(s =>
        {
            if (s.State == IntegrationLifecycle.Deleted)
            {
                return false;
            }
            Describe(s, deleted.Tool, deleted.Category);
            s.State = IntegrationLifecycle.Deleted;
            s.DeletedAt = deleted.DeletedAt;
            s.PullRequestedAt = null;
            s.ReconcileRequestedAt = null;
            s.Pull = null;
            s.RetryAt = null;
            return true;
        });
        if (applied)
        {
            _stopWork?.Cancel();
            logger.LogInformation("Integration {IntegrationId} deleted in Kombo at {DeletedAt}; no more pulls", Id, deleted.DeletedAt);
            await EnsureReminderAsync();
        }
    }

    public async Task OnSyncFinished(SyncFinished finished)
    {
        var applied = await MutateAsync(s =>
        {
            if (s.LastSync is { } last && (last.SyncId == finished.SyncId || last.EndedAt > finished.SyncEndedAt))
            {
                return false;
            }
            Describe(s, finished.IntegrationTool, finished.IntegrationCategory);
            s.LastSync = new LastSync(finished.SyncId, finished.SyncState, finished.SyncStartedAt, finished.SyncEndedAt);
            if (SyncStates.Delivered(finished.SyncState))
            {
                RequestPull(s);
            }
            return true;
        });
        if (!applied)
        {
            return;
        }

        if (SyncStates.Delivered(finished.SyncState))
        {
            logger.LogInformation("Integration {IntegrationId}: Kombo's sync {SyncId} ended {SyncState}; delta pull requested",
                Id, finished.SyncId, finished.SyncState);
            Kick();
        }
        else if (SyncStates.KomboFailure(finished.SyncState))
        {
            logger.LogWarning("Integration {IntegrationId}: Kombo's sync {SyncId} ended {SyncState}; keeping the last good data",
                Id, finished.SyncId, finished.SyncState);
        }
        else if (SyncStates.CustomerFailure(finished.SyncState))
        {
            logger.LogWarning("Integration {IntegrationId}: sync {SyncId} ended {SyncState}; the customer must fix the credentials",
                Id, finished.SyncId, finished.SyncState);
        }
        else
        {
            logger.LogWarning("Integration {IntegrationId}: sync {SyncId} ended with unknown state {SyncState}; recorded, not pulling",
                Id, finished.SyncId, finished.SyncState);
        }
    }

    public async Task OnDataChanged(DataChanged changed)
    {
        await MutateAsync(s =>
        {
            var before = (s.PullRequestedAt, s.RetryAt, s.Tool);
            Describe(s, changed.IntegrationTool, changed.IntegrationCategory);
            RequestPull(s);
            return (s.PullRequestedAt, s.RetryAt, s.Tool) != before;
        });
        Kick();
    }

    public async Task RequestPull()
    {
        await MutateAsync(s =>
        {
            var before = (s.PullRequestedAt, s.RetryAt);
            RequestPull(s);
            return (s.PullRequestedAt, s.RetryAt) != before;
        });
        Kick();
    }

    public async Task RequestReconcile()
    {
        await MutateAsync(s =>
        {
            if (s.State == IntegrationLifecycle.Deleted || s.ReconcileRequestedAt is not null)
            {
                return false;
            }
            s.ReconcileRequestedAt = Now;
            s.RetryAt = null;
            return true;
        });
        logger.LogInformation("Integration {IntegrationId}: full reconcile requested", Id);
        Kick();
    }

    /// <summary>Requests coalesce: the earliest unserved request stands, and a pull started later serves it.</summary>
    private void RequestPull(IntegrationState s)
    {
        if (s.State == IntegrationLifecycle.Deleted)
        {
            return;
        }
        s.PullRequestedAt ??= Now;
        s.RetryAt = null;
    }

    private static void Describe(IntegrationState s, string tool, string category)
    {
        s.Tool = tool;
        s.Category = category;
    }

    // ---- the pull -------------------------------------------------------------------------------------------

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
            return await RecordSetbackAsync("NOT_READY", $"{error.Code}: {error.KomboMessage}", probe: true);
        }
        catch (InconsistentStateException)
        {
            throw;
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            return await RecordSetbackAsync("FAILED", error is KomboApiException kombo ? kombo.Message : $"{error.GetType().Name}: {error.Message}", probe: false);
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
                    prefetch = pages.ReadAsync(Id, models[nextIndex], pull, nextCursor, cancellationToken);
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
                    next.LastPull = new LastPull(checkpoint.StartedAt, null, "RUNNING", checkpoint.RecordsRead, checkpoint.RecordsChanged, null);
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
            s.LastPull = new LastPull(Now, null, "RUNNING", 0, 0, null);
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
                ? await records.MarkUnseenDeletedAsync(connection, Id, pull.RunId, Now, cancellationToken)
                : [];
            var purged = await records.PurgeDeletedAsync(connection, Id, Now - options.RetainDeletedFor, cancellationToken);
            next.Watermark = pull.StartedAt - options.Overlap;
            if (pull.Mode == PullMode.Full)
            {
                next.LastReconcileAt = pull.StartedAt;
            }
            next.LastPull = new LastPull(pull.StartedAt, Now, "SUCCEEDED", pull.RecordsRead, pull.RecordsChanged + absent.Count, null);
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
    private async Task<TimeSpan> RecordSetbackAsync(string status, string error, bool probe)
    {
        var attempt = _state.FailedAttempts + 1;
        var (first, cap) = probe ? (TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(10)) : (TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(15));
        var wait = TimeSpan.FromTicks((long)(Math.Min(cap.Ticks, first.Ticks * Math.Pow(2, Math.Min(attempt - 1, 20))) * (0.8 + Random.Shared.NextDouble() * 0.4)));
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

    // ---- jobs -----------------------------------------------------------------------------------------------

    /// <summary>After a crash between a page's commit and its notifications, the change feed says what is owed.</summary>
    private async Task NotifyOwedJobsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (jobs, last) = await records.ReadJobChangesAsync(connection, Id, _notifiedThrough, cancellationToken);
        await ObserveAsync(jobs.Select(j => (j.Key, (string?)j.Value)));
        _notifiedThrough = Math.Max(_notifiedThrough, last);
    }

    /// <summary>Tells the job grains of the jobs among these changes what they look like now.</summary>
    private async Task NotifyJobsAsync(IReadOnlyList<RecordChange> changes, Func<string, byte[]?> json)
    {
        var jobs = changes.Where(c => c.Model == RecordTable.Jobs.Model).Select(c => c.RecordId).Distinct().ToList();
        await ObserveAsync(jobs.Select(id => (id, json(id) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null)));
        if (changes.Count > 0)
        {
            _notifiedThrough = Math.Max(_notifiedThrough, changes.Max(c => c.Seq));
        }
    }

    /// <param name="jobs">Each job's kept JSON, or null for a job found gone by a full read.</param>
    private Task ObserveAsync(IEnumerable<(string JobId, string? Json)> jobs) => Task.WhenAll(jobs.Select(job =>
    {
        var observation = job.Json is null
            ? new JobObservation(null, Now, Now)
            : Observation(job.Json);
        return GrainFactory.GetGrain<IJobGrain>(JobKey.Of(Id, job.JobId)).Observe(observation);
    }));

    private JobObservation Observation(string json)
    {
        using var document = JsonDocument.Parse(json);
        var record = document.RootElement;
        return new JobObservation(RecordFields.String(record, "status"), RecordFields.Date(record, "remote_deleted_at"), Now);
    }

    // ---- state ----------------------------------------------------------------------------------------------

    /// <summary>Applies a change to a copy of the state and keeps it only once it is saved.</summary>
    /// <returns>Whether anything changed.</returns>
    private async Task<bool> MutateAsync(Func<IntegrationState, bool> change)
    {
        await _commit.WaitAsync();
        try
        {
            var next = _state.Clone();
            if (!change(next))
            {
                return false;
            }
            _version = await SaveAsync(next);
            _state = next;
            return true;
        }
        finally
        {
            _commit.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> and saves the state it changed in one transaction.</summary>
    /// <remarks>
    /// The transaction runs on the thread pool: it touches only the copy and the connection, and each of its
    /// many awaits would otherwise queue behind the activation's scheduler (measured: 3x slower pages).
    /// </remarks>
    private async Task<T> CommitAsync<T>(Func<IntegrationState, NpgsqlConnection, Task<T>> work)
    {
        await _commit.WaitAsync();
        try
        {
            var next = _state.Clone();
            var expected = _version;
            var (result, version) = await Task.Run(async () =>
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                var result = await work(next, connection);
                var version = await store.SaveAsync(next, expected, connection);
                await transaction.CommitAsync();
                return (result, version);
            });
            (_state, _version) = (next, version);
            return result;
        }
        catch (InconsistentStateException)
        {
            DeactivateForConflict();
            throw;
        }
        finally
        {
            _commit.Release();
        }
    }

    private async Task<long> SaveAsync(IntegrationState next)
    {
        try
        {
            return await store.SaveAsync(next, _version);
        }
        catch (InconsistentStateException)
        {
            DeactivateForConflict();
            throw;
        }
    }

    /// <summary>Another activation wrote the row (a partition healed): this one must go, and the next loads the truth.</summary>
    private void DeactivateForConflict()
    {
        logger.LogWarning("Integration {IntegrationId}: state changed under this activation; deactivating", Id);
        DeactivateOnIdle();
    }

    private async Task EnsureReminderAsync()
    {
        if (_state.State == IntegrationLifecycle.Deleted)
        {
            if (await this.GetReminder(ReminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
            _reminderPeriod = null;
            return;
        }
        if (_version == 0)
        {
            return;
        }
        var busy = _state.Pull is not null || _state.PullRequestedAt is not null || _state.ReconcileRequestedAt is not null
            || _state.Watermark is null || _state.RetryAt is not null;
        var period = busy ? BusyTick : IdleTick;
        if (period != _reminderPeriod)
        {
            await this.RegisterOrUpdateReminder(ReminderName, period, period);
            _reminderPeriod = period;
        }
    }
}
