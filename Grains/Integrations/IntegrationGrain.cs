using Microsoft.Extensions.Logging;
using Npgsql;
using OrleansKombo.Assessment;
using OrleansKombo.Grains.Orders;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Grains.Triggers;
using OrleansKombo.Integrations;
using OrleansKombo.Webhooks;

namespace OrleansKombo.Grains.Integrations;

/// <summary>
/// Owns one integration and coordinates what it owns: webhooks and operators' requests change its state by the rules of
/// <see cref="IntegrationStateMachine"/>, kept by <see cref="IntegrationStateKeeper"/>; the pull runs in the background
/// (<see cref="PullLoop"/>, <see cref="PullRun"/>), so webhooks never wait for it, and commits each page with its
/// checkpoint, so it can stop anywhere and resume on any silo; a deleted integration's data is purged
/// (<see cref="IntegrationPurge"/>), and old change-feed entries are dropped (<see cref="ChangeFeedRetention"/>). The
/// reminder brings the grain back while work is owed.
/// </summary>
public sealed class IntegrationGrain : Grain, IIntegrationGrain, IRemindable
{
    private const string ReminderName = "sync";

    private readonly IntegrationStateKeeper _state;
    private readonly IntegrationStateMachine _rules;
    private readonly JobNotifier _jobs;
    private readonly PullLoop _pull;
    private readonly IntegrationPurge _purge;
    private readonly ChangeFeedRetention _feed;
    private readonly SyncOptions _options;
    private readonly ILogger<IntegrationGrain> _logger;
    private readonly CancellationTokenSource _deactivating = new();
    private TimeSpan? _reminderPeriod;

    public IntegrationGrain(
        IntegrationStore store,
        RecordStore records,
        TriggerOrders triggers,
        KomboPageReader pages,
        PullSlots slots,
        NpgsqlDataSource dataSource,
        SyncOptions options,
        IGrainFactory grains,
        TimeProvider clock,
        ILogger<IntegrationGrain> logger)
    {
        var id = this.GetPrimaryKeyString();
        var stopping = _deactivating.Token;
        (_options, _logger) = (options, logger);
        _state = new IntegrationStateKeeper(id, store, dataSource, DeactivateOnIdle, logger);
        _rules = new IntegrationStateMachine(options, clock);
        var transitions = new PullTransitions(options, clock);
        _jobs = new JobNotifier(id, dataSource, records, grains, clock);
        var run = new PullRun(id, _state, _rules, transitions, records, pages, _jobs, triggers, options, clock, DelayDeactivation, logger);
        _pull = new PullLoop(id, _state, _rules, transitions, run, slots, clock, EnsureReminderAsync, DelayDeactivation, logger, stopping);
        _purge = new IntegrationPurge(id, _state, _rules, clock, EnsureReminderAsync, logger, stopping);
        _feed = new ChangeFeedRetention(id, _state, records, dataSource, options, clock, logger, stopping);
    }

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await _state.LoadAsync(cancellationToken);
        _jobs.NotifiedThrough = _state.State.ChangesNotifiedThroughSeq;
        Kick();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await _deactivating.CancelAsync();
        foreach (var work in new[] { _pull.Running, _purge.Running, _feed.Running }.OfType<Task>())
        {
            await work.WaitAsync(cancellationToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Kick();
        // Old change-feed entries go on the tick, pulled or not (a pull drops a batch itself); not on every webhook.
        _feed.WhenDue();
        return Task.CompletedTask;
    }

    public Task<IntegrationStatus> GetStatus() => Task.FromResult(_state.State.ToStatus());

    public async Task OnCreated(IntegrationCreated created)
    {
        await ReviveAsync("integration-created");
        await _state.MutateAsync(s => _rules.Created(s, created));
        _logger.LogInformation("Integration {IntegrationId} created for {Organization} ({Tool}); waiting for its first sync",
            Id, created.EndUser?.OrganizationName, created.Tool);
        Kick();
    }

    public async Task OnStateChanged(IntegrationStateChanged changed)
    {
        await ReviveAsync("integration-state-changed");
        if (!await _state.MutateAsync(s => _rules.StateChanged(s, changed)))
        {
            return;
        }
        // ACTIVE again ends the stop an INTEGRATION.INACTIVE put on pulls (a pull it stopped resumes); INACTIVE begins one.
        Kick();
        _logger.LogInformation("Integration {IntegrationId} is {State} (Kombo says {KomboState}, setup {SetupStatus}, QA {QaStatus})",
            Id, _state.State.State, changed.State, changed.SetupStatus, changed.QaStatus);
        if (_state.State.State == IntegrationLifecycle.Active)
        {
            // Kombo may have lost the packages while the integration was down; the assessment grain owns the retries.
            GrainFactory.GetGrain<IAssessmentGrain>(Id).IntegrationActive().Ignore();
        }
    }

    public async Task OnDeleted(IntegrationDeleted deleted)
    {
        if (!await _state.MutateAsync(s => _rules.Deleted(s, deleted)))
        {
            return;
        }
        _pull.Stop();
        _logger.LogInformation("Integration {IntegrationId} deleted in Kombo at {DeletedAt}; no more pulls; its data is purged {RetainFor} after",
            Id, deleted.DeletedAt, _options.RetainDeletedFor);
        await EnsureReminderAsync();
        Kick();
    }

    public async Task OnSyncFinished(SyncFinished finished)
    {
        await ReviveAsync("sync-finished");
        if (!await _state.MutateAsync(s => _rules.SyncFinished(s, finished)))
        {
            return;
        }
        if (SyncStates.Delivered(finished.SyncState))
        {
            _logger.LogInformation("Integration {IntegrationId}: Kombo's sync {SyncId} ended {SyncState}; delta pull requested",
                Id, finished.SyncId, finished.SyncState);
            Kick();
        }
        else if (SyncStates.KomboFailure(finished.SyncState))
        {
            _logger.LogWarning("Integration {IntegrationId}: Kombo's sync {SyncId} ended {SyncState}; keeping the last good data",
                Id, finished.SyncId, finished.SyncState);
        }
        else if (SyncStates.CustomerFailure(finished.SyncState))
        {
            _logger.LogWarning("Integration {IntegrationId}: sync {SyncId} ended {SyncState}; the customer must fix the credentials",
                Id, finished.SyncId, finished.SyncState);
        }
        else
        {
            _logger.LogWarning("Integration {IntegrationId}: sync {SyncId} ended with unknown state {SyncState}; recorded, not pulling",
                Id, finished.SyncId, finished.SyncState);
        }
    }

    public async Task OnDataChanged(DataChanged changed)
    {
        await ReviveAsync("data-changed");
        await _state.MutateAsync(s => _rules.DataChanged(s, changed));
        Kick();
    }

    public async Task RequestPull()
    {
        if (_state.State is { GoneSince: not null, State: not IntegrationLifecycle.Deleted })
        {
            _logger.LogInformation("Integration {IntegrationId}: an operator asks for a sync; asking Kombo again although it did not know it", Id);
        }
        await _state.MutateAsync(_rules.OperatorPull);
        Kick();
    }

    public async Task RequestReconcile()
    {
        await _state.MutateAsync(_rules.ReconcileRequested);
        _logger.LogInformation("Integration {IntegrationId}: full reconcile requested", Id);
        Kick();
    }

    /// <summary>Any webhook naming an integration Kombo said it did not know shows that Kombo knows it again.</summary>
    private async Task ReviveAsync(string webhook)
    {
        if (_state.State.GoneSince is not null && await _state.MutateAsync(_rules.Revive))
        {
            _logger.LogInformation("Integration {IntegrationId}: Kombo names it again ({Webhook}); pulls resume", Id, webhook);
            Kick();
        }
    }

    /// <summary>Starts whatever is due: the purge of a deleted integration's data, the pull.</summary>
    private void Kick()
    {
        _purge.WhenDue();
        _pull.Kick();
    }

    private async Task EnsureReminderAsync()
    {
        if (IntegrationStateMachine.ReminderPeriod(_state.State) is not { } period)
        {
            if (await this.GetReminder(ReminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
            _reminderPeriod = null;
            return;
        }
        if (!_state.Stored || period == _reminderPeriod)
        {
            return;
        }
        await this.RegisterOrUpdateReminder(ReminderName, period, period);
        _reminderPeriod = period;
    }
}
