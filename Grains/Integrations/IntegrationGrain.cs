using Microsoft.Extensions.Logging;
using Npgsql;
using OrleansKombo.Assessment;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Integrations;
using OrleansKombo.Webhooks;

namespace OrleansKombo.Grains.Integrations;

/// <summary>
/// Owns one integration: its lifecycle, what Kombo last said about syncs, and our pulls. Webhooks only record
/// and request; the pull runs in the background on the grain's own scheduler, so webhooks never wait for it,
/// and it commits each page together with its checkpoint, so it can stop anywhere and resume on any silo.
/// </summary>
public sealed partial class IntegrationGrain(
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

    /// <summary>A model Kombo refused is tried again this often, unless a sync-finished comes first.</summary>
    private static readonly TimeSpan UnavailableModelRetry = TimeSpan.FromHours(1);

    /// <summary>Requests that cut a backoff short ask Kombo at most this often: a burst of clicks or webhooks is one call.</summary>
    private static readonly TimeSpan ProbeEvery = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _commit = new(1, 1);
    private readonly CancellationTokenSource _deactivating = new();
    private IntegrationState _state = null!;
    private long _version;
    private long _notifiedThrough;
    private Task? _work;
    private Task? _purge;
    private CancellationTokenSource? _stopWork;
    private CancellationTokenSource? _sleep;
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
        foreach (var work in new[] { _work, _purge }.OfType<Task>())
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
        await ReviveAsync("integration-created");
        await MutateAsync(s =>
        {
            if (s.State == IntegrationLifecycle.Deleted || s.EndUser == (created.EndUser ?? s.EndUser) && s.Tool == (created.Tool ?? s.Tool))
            {
                return false;
            }
            Describe(s, created.Tool, created.Category);
            s.EndUser = created.EndUser ?? s.EndUser;
            return true;
        });
        logger.LogInformation("Integration {IntegrationId} created for {Organization} ({Tool}); waiting for its first sync",
            Id, created.EndUser?.OrganizationName, created.Tool);
        Kick();
    }

    public async Task OnStateChanged(IntegrationStateChanged changed)
    {
        await ReviveAsync("integration-state-changed");
        var known = Enum.TryParse<IntegrationLifecycle>(changed.State, ignoreCase: true, out var lifecycle) && lifecycle != IntegrationLifecycle.Deleted;
        var applied = await MutateAsync(s =>
        {
            if (s.State == IntegrationLifecycle.Deleted || changed.UpdatedAt <= s.StateUpdatedAt)
            {
                return false;
            }
            Describe(s, changed.IntegrationTool, changed.IntegrationCategory);
            s.EndUser = changed.EndUser ?? s.EndUser;
            s.StateUpdatedAt = changed.UpdatedAt;
            s.QaStatus = changed.QaStatus ?? s.QaStatus;
            s.KomboSetupStatus = changed.SetupStatus ?? s.KomboSetupStatus;
            if (known)
            {
                s.State = lifecycle;
            }
            return true;
        });
        if (applied)
        {
            // ACTIVE again ends the stop an INTEGRATION.INACTIVE put on pulls (a pull it stopped resumes); INACTIVE begins one.
            Kick();
            logger.LogInformation("Integration {IntegrationId} is {State} (Kombo says {KomboState}, setup {SetupStatus}, QA {QaStatus})",
                Id, _state.State, changed.State, changed.SetupStatus, changed.QaStatus);
            if (_state.State == IntegrationLifecycle.Active)
            {
                // Kombo may have lost the packages while the integration was down; the assessment grain owns the retries.
                GrainFactory.GetGrain<IAssessmentGrain>(Id).IntegrationActive().Ignore();
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
            logger.LogInformation("Integration {IntegrationId} deleted in Kombo at {DeletedAt}; no more pulls; its data is purged {RetainFor} after",
                Id, deleted.DeletedAt, options.RetainDeletedFor);
            await EnsureReminderAsync();
            Kick();
        }
    }

    public async Task OnSyncFinished(SyncFinished finished)
    {
        await ReviveAsync("sync-finished");
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
                RequestPull(s, byOperator: false);
                // Kombo synced again: the models it refused are worth asking for again, however recently they were.
                s.UnavailableModelsDue = s.Models.Values.Any(m => m.IsUnavailable);
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
        await ReviveAsync("data-changed");
        await MutateAsync(s =>
        {
            var before = (s.PullRequestedAt, s.RetryAt, s.Tool);
            Describe(s, changed.IntegrationTool, changed.IntegrationCategory);
            RequestPull(s, byOperator: false);
            return (s.PullRequestedAt, s.RetryAt, s.Tool) != before;
        });
        Kick();
    }

    public async Task RequestPull()
    {
        await MutateAsync(s =>
        {
            var before = (s.PullRequestedAt, s.RetryAt, s.GoneSince);
            if (s.GoneSince is not null && s.State != IntegrationLifecycle.Deleted)
            {
                // The operator may have fixed what made Kombo not know it (e.g. the API key's environment): one probe says.
                logger.LogInformation("Integration {IntegrationId}: an operator asks for a sync; asking Kombo again although it did not know it", Id);
                s.GoneSince = null;
                s.Problem = null;
            }
            RequestPull(s, byOperator: true);
            return (s.PullRequestedAt, s.RetryAt, s.GoneSince) != before;
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

    /// <summary>
    /// Requests coalesce: the earliest unserved request stands, and a pull started later serves it. An operator's
    /// request cuts any backoff short; a webhook's only a wait for Kombo's first sync (NOT_READY), not the backoff after
    /// a failed pull, or during a Kombo outage every webhook would become another failing call. Either asks Kombo at
    /// most once per <see cref="ProbeEvery"/> after its last answer: a burst of requests is one probe.
    /// </summary>
    private void RequestPull(IntegrationState s, bool byOperator)
    {
        if (s.State == IntegrationLifecycle.Deleted)
        {
            return;
        }
        s.PullRequestedAt ??= Now;
        if (s.RetryAt is { } retryAt && (byOperator || s.LastPull?.Status == PullStatus.NotReady))
        {
            var slot = (s.LastPull?.FinishedAt ?? Now) + ProbeEvery;
            s.RetryAt = slot <= Now ? null : slot < retryAt ? slot : retryAt;
        }
    }

    /// <summary>Any webhook naming an integration Kombo said it did not know shows that Kombo knows it again.</summary>
    private async Task ReviveAsync(string webhook)
    {
        if (_state.GoneSince is null)
        {
            return;
        }
        var revived = await MutateAsync(s =>
        {
            if (s.GoneSince is null || s.State == IntegrationLifecycle.Deleted)
            {
                return false;
            }
            s.GoneSince = null;
            s.Problem = null;
            // What happened while Kombo did not know it is read now.
            s.PullRequestedAt ??= Now;
            return true;
        });
        if (revived)
        {
            logger.LogInformation("Integration {IntegrationId}: Kombo names it again ({Webhook}); pulls resume", Id, webhook);
            Kick();
        }
    }

    /// <summary>Webhooks may leave out the tool and category (only the ids are required); what we knew stays.</summary>
    private static void Describe(IntegrationState s, string? tool, string? category)
    {
        s.Tool = tool ?? s.Tool;
        s.Category = category ?? s.Category;
    }
}
