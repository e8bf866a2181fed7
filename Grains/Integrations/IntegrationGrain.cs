using Microsoft.Extensions.Logging;
using OrleansKombo.Integrations;
using OrleansKombo.Webhooks;

namespace OrleansKombo.Grains.Integrations;

public sealed class IntegrationGrain(IntegrationStore store, TimeProvider clock, ILogger<IntegrationGrain> logger)
    : Grain, IIntegrationGrain
{
    private IntegrationState _state = null!;
    private long _version;

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (var stored, _version) = await store.LoadAsync(Id, cancellationToken);
        _state = stored ?? new IntegrationState { Id = Id };
    }

    public Task<IntegrationStatus> GetStatus() => Task.FromResult(_state.ToStatus());

    public async Task OnCreated(IntegrationCreated created)
    {
        if (_state.State == IntegrationLifecycle.Deleted || _state.EndUser == created.EndUser && _state.Tool == created.Tool)
        {
            return;
        }
        Describe(created.Tool, created.Category);
        _state.EndUser = created.EndUser;
        logger.LogInformation("Integration {IntegrationId} created for {Organization} ({Tool})", Id, created.EndUser.OrganizationName, created.Tool);
        await SaveAsync();
    }

    public async Task OnStateChanged(IntegrationStateChanged changed)
    {
        if (_state.State == IntegrationLifecycle.Deleted || changed.UpdatedAt <= _state.StateUpdatedAt)
        {
            return;
        }
        Describe(changed.IntegrationTool, changed.IntegrationCategory);
        _state.EndUser = changed.EndUser;
        _state.StateUpdatedAt = changed.UpdatedAt;
        _state.QaStatus = changed.QaStatus;
        _state.KomboSetupStatus = changed.SetupStatus;
        if (Enum.TryParse<IntegrationLifecycle>(changed.State, ignoreCase: true, out var lifecycle) && lifecycle != IntegrationLifecycle.Deleted)
        {
            _state.State = lifecycle;
        }
        else
        {
            logger.LogWarning("Integration {IntegrationId}: unknown state {State} recorded, lifecycle unchanged", Id, changed.State);
        }
        logger.LogInformation("Integration {IntegrationId} is {State} (setup {SetupStatus}, QA {QaStatus})",
            Id, _state.State, changed.SetupStatus, changed.QaStatus);
        await SaveAsync();
    }

    public async Task OnDeleted(IntegrationDeleted deleted)
    {
        if (_state.State == IntegrationLifecycle.Deleted)
        {
            return;
        }
        Describe(deleted.Tool, deleted.Category);
        _state.State = IntegrationLifecycle.Deleted;
        _state.DeletedAt = deleted.DeletedAt;
        _state.PullRequestedAt = null;
        logger.LogInformation("Integration {IntegrationId} deleted in Kombo at {DeletedAt}; no more pulls", Id, deleted.DeletedAt);
        await SaveAsync();
    }

    public async Task OnSyncFinished(SyncFinished finished)
    {
        if (_state.LastSync is { } last && (last.SyncId == finished.SyncId || last.EndedAt > finished.SyncEndedAt))
        {
            return;
        }
        Describe(finished.IntegrationTool, finished.IntegrationCategory);
        _state.LastSync = new LastSync(finished.SyncId, finished.SyncState, finished.SyncStartedAt, finished.SyncEndedAt);

        if (SyncStates.Delivered(finished.SyncState))
        {
            RequestPull("sync-finished " + finished.SyncState);
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
        await SaveAsync();
    }

    public async Task OnDataChanged(DataChanged changed)
    {
        var before = _state.PullRequestedAt;
        Describe(changed.IntegrationTool, changed.IntegrationCategory);
        RequestPull("data-changed " + string.Join(',', changed.ChangedModels.Select(m => m.Name)));
        if (_state.PullRequestedAt != before || _state.Tool is null)
        {
            await SaveAsync();
        }
    }

    public async Task RequestPull()
    {
        var before = _state.PullRequestedAt;
        RequestPull("operator");
        if (_state.PullRequestedAt != before)
        {
            await SaveAsync();
        }
    }

    public async Task RequestReconcile()
    {
        if (_state.State != IntegrationLifecycle.Deleted && _state.ReconcileRequestedAt is null)
        {
            _state.ReconcileRequestedAt = clock.GetUtcNow();
            logger.LogInformation("Integration {IntegrationId}: full reconcile requested", Id);
            await SaveAsync();
        }
    }

    private void RequestPull(string reason)
    {
        if (_state.State == IntegrationLifecycle.Deleted)
        {
            logger.LogInformation("Integration {IntegrationId} is deleted; ignoring a pull request ({Reason})", Id, reason);
            return;
        }
        if (_state.PullRequestedAt is null)
        {
            _state.PullRequestedAt = clock.GetUtcNow();
            logger.LogInformation("Integration {IntegrationId}: delta pull requested ({Reason})", Id, reason);
        }
    }

    private void Describe(string tool, string category)
    {
        _state.Tool = tool;
        _state.Category = category;
    }

    private async Task SaveAsync() => _version = await store.SaveAsync(_state, _version);
}
