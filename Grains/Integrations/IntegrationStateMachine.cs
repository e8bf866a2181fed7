using OrleansKombo.Grains.Kombo;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Integrations;
using OrleansKombo.Webhooks;
using OrleansKombo.Catalog;

namespace OrleansKombo.Grains.Integrations;

/// <summary>
/// The integration's rules, as pure changes of its state: what each webhook and request does to it, what to do next and
/// when, which models a pull reads and from when, and how often the reminder must look. The grain applies these through
/// <see cref="IntegrationStateKeeper"/>; what a pull does to the state is <see cref="PullTransitions"/>; who has to act is
/// <see cref="IntegrationState.Health"/>. Each change returns whether it changed anything (false: nothing to save).
/// </summary>
public sealed class IntegrationStateMachine(SyncOptions options, TimeProvider clock)
{
    /// <summary>While work is pending the reminder checks every minute (Orleans' minimum); otherwise hourly.</summary>
    public static readonly TimeSpan BusyTick = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan IdleTick = TimeSpan.FromHours(1);

    /// <summary>A model Kombo refused is tried again this often, unless a sync-finished comes first.</summary>
    public static readonly TimeSpan UnavailableModelRetry = TimeSpan.FromHours(1);

    /// <summary>Requests that cut a backoff short ask Kombo at most this often: a burst of clicks or webhooks is one call.</summary>
    public static readonly TimeSpan ProbeEvery = TimeSpan.FromSeconds(5);

    private DateTimeOffset Now => clock.GetUtcNow();

    public bool Created(IntegrationState s, IntegrationCreated created)
    {
        if (s.State == IntegrationLifecycle.Deleted || s.EndUser == (created.EndUser ?? s.EndUser) && s.Tool == (created.Tool ?? s.Tool))
        {
            return false;
        }
        Describe(s, created.Tool, created.Category);
        s.EndUser = created.EndUser ?? s.EndUser;
        return true;
    }

    /// <summary>
    /// Applies Kombo's newer state; ACTIVE again ends the stop an INTEGRATION.INACTIVE put on pulls, INACTIVE begins one.
    /// A state we do not know is recorded as Kombo's and changes nothing of ours; DELETED comes only by integration-deleted.
    /// </summary>
    public bool StateChanged(IntegrationState s, IntegrationStateChanged changed)
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
        if (Enum.TryParse<IntegrationLifecycle>(changed.State, ignoreCase: true, out var lifecycle) && lifecycle != IntegrationLifecycle.Deleted)
        {
            s.State = lifecycle;
        }
        return true;
    }

    /// <summary>Deleted is final: no more pulls, and the data is purged <c>Sync:RetainDeletedFor</c> after Kombo's <c>deleted_at</c>.</summary>
    public bool Deleted(IntegrationState s, IntegrationDeleted deleted)
    {
        if (s.State == IntegrationLifecycle.Deleted)
        {
            return false;
        }
        Describe(s, deleted.Tool, deleted.Category);
        s.State = IntegrationLifecycle.Deleted;
        s.DeletedAt = deleted.DeletedAt;
        if (s.PullRecord is { Status: PullStatus.Running } running)
        {
            running.Ended(Now, PullStatus.Failed, null, "The integration was deleted in Kombo; the pull stopped.");
        }
        s.PullRequestedAt = null;
        s.ReconcileRequestedAt = null;
        s.Pull = null;
        s.RetryAt = null;
        return true;
    }

    /// <summary>
    /// Records Kombo's sync, unless it is one already recorded or older than the last. A delivered sync asks for a pull,
    /// and makes the models Kombo refused worth asking for again, however recently they were.
    /// </summary>
    public bool SyncFinished(IntegrationState s, SyncFinished finished)
    {
        if (s.LastSync is { } last && (last.SyncId == finished.SyncId || last.EndedAt > finished.SyncEndedAt))
        {
            return false;
        }
        Describe(s, finished.IntegrationTool, finished.IntegrationCategory);
        s.LastSync = new LastSync(finished.SyncId, finished.SyncState, finished.SyncStartedAt, finished.SyncEndedAt);
        s.EndUser = finished.EndUser ?? s.EndUser;
        s.LogUrl = finished.LogUrl ?? s.LogUrl;
        if (SyncStates.Delivered(finished.SyncState))
        {
            RequestPull(s, byOperator: false);
            s.UnavailableModelsDue = s.Models.Values.Any(m => m.IsUnavailable);
        }
        return true;
    }

    public bool DataChanged(IntegrationState s, DataChanged changed)
    {
        var before = (s.PullRequestedAt, s.RetryAt, s.Tool);
        Describe(s, changed.IntegrationTool, changed.IntegrationCategory);
        RequestPull(s, byOperator: false);
        return (s.PullRequestedAt, s.RetryAt, s.Tool) != before;
    }

    /// <summary>
    /// An operator's sync. It also asks Kombo again about an integration Kombo did not know: the operator may have fixed
    /// the cause (e.g. the API key's environment), and one probe says.
    /// </summary>
    public bool OperatorPull(IntegrationState s)
    {
        var before = (s.PullRequestedAt, s.RetryAt, s.GoneSince);
        if (s.GoneSince is not null && s.State != IntegrationLifecycle.Deleted)
        {
            s.GoneSince = null;
            s.Problem = null;
        }
        RequestPull(s, byOperator: true);
        return (s.PullRequestedAt, s.RetryAt, s.GoneSince) != before;
    }

    /// <summary>An operator's full re-read: it also ends any wait for a retry.</summary>
    public bool ReconcileRequested(IntegrationState s)
    {
        if (s.State == IntegrationLifecycle.Deleted || s.ReconcileRequestedAt is not null)
        {
            return false;
        }
        s.ReconcileRequestedAt = Now;
        s.RetryAt = null;
        return true;
    }

    /// <summary>Any webhook naming an integration Kombo said it did not know shows that Kombo knows it again: what happened meanwhile is read.</summary>
    public bool Revive(IntegrationState s)
    {
        if (s.GoneSince is null || s.State == IntegrationLifecycle.Deleted)
        {
            return false;
        }
        s.GoneSince = null;
        s.Problem = null;
        s.PullRequestedAt ??= Now;
        return true;
    }

    /// <summary>What to do next and how long until it may start (a retry's backoff), or null when there is nothing to do.</summary>
    /// <param name="stored">Whether the integration has a row yet (a webhook created it).</param>
    public (PullMode Mode, TimeSpan Wait)? NextWork(IntegrationState s, bool stored)
    {
        // Kombo said INACTIVE (integration-state-changed ACTIVE ends it) or "not found" (any webhook naming it ends it).
        if (!stored || s.State is IntegrationLifecycle.Deleted or IntegrationLifecycle.Inactive || s.GoneSince is not null)
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
    public bool UnavailableModelDue(ModelStatus model) =>
        model.IsUnavailable && (model.LastTriedAt is not { } tried || tried + UnavailableModelRetry - BusyTick <= Now);

    /// <summary>
    /// A model Kombo refused before is read only when it is due again, or when this pull was asked for by a
    /// sync-finished, or when it is half read (a resumed pull finishes what it began).
    /// </summary>
    /// <param name="cursor">Where the read of this model would continue; not null when it is half read.</param>
    public bool ShouldRead(IntegrationState s, AtsModel model, PullCheckpoint pull, string? cursor) =>
        s.Models.GetValueOrDefault(model.Name) is not { IsUnavailable: true } refused
        || pull.RetryUnavailable || cursor is not null || UnavailableModelDue(refused);

    /// <summary>
    /// The <c>updated_after</c> for a model: the pull's, except for a model catching up after Kombo refused it, which
    /// reads from its own last good watermark (all of it, if it was never read), so the others never wait for it.
    /// </summary>
    public DateTimeOffset? UpdatedAfter(IntegrationState s, AtsModel model, PullCheckpoint pull) =>
        pull.Mode == PullMode.Full ? null
        : s.Models.GetValueOrDefault(model.Name) is { IsUnavailable: true } refused ? refused.Watermark
        : pull.UpdatedAfter;

    /// <summary>
    /// How often the reminder must look, or null when the integration needs none any more (deleted, its data purged).
    /// A deleted integration only waits for its purge, which the hourly tick finds due; an inactive or gone one waits for
    /// a webhook, and a model Kombo refused is retried about hourly: none of these needs the minute tick.
    /// </summary>
    public static TimeSpan? ReminderPeriod(IntegrationState s)
    {
        if (s.State == IntegrationLifecycle.Deleted && s.DataPurgedAt is not null)
        {
            return null;
        }
        var stopped = s.State is IntegrationLifecycle.Deleted or IntegrationLifecycle.Inactive || s.GoneSince is not null;
        var busy = !stopped && (s.Pull is not null || s.PullRequestedAt is not null || s.ReconcileRequestedAt is not null
            || s.Watermark is null || s.RetryAt is not null);
        return busy ? BusyTick : IdleTick;
    }

    /// <summary>Whether a deleted integration's synced data is due to be purged (<c>Sync:RetainDeletedFor</c> after Kombo's deleted_at).</summary>
    public bool PurgeDue(IntegrationState s) =>
        s is { State: IntegrationLifecycle.Deleted, DeletedAt: { } deletedAt, DataPurgedAt: null } && deletedAt + options.RetainDeletedFor <= Now;

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

    /// <summary>Webhooks may leave out the tool and category (only the ids are required); what we knew stays.</summary>
    private static void Describe(IntegrationState s, string? tool, string? category)
    {
        s.Tool = tool ?? s.Tool;
        s.Category = category ?? s.Category;
    }
}
