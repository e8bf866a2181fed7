using OrleansKombo.Clients;
using Orleans.Concurrency;
using OrleansKombo.Webhooks;

namespace OrleansKombo.Integrations;

/// <summary>
/// One per Kombo integration id. It owns the integration's lifecycle and sync state and decides when to pull;
/// every method is idempotent, because webhooks arrive at least once and sometimes out of order.
/// </summary>
public interface IIntegrationGrain : IGrainWithStringKey
{
    [InternalGrainMethod(InternalGrainMethodAttribute.Gateway)]
    Task OnCreated(IntegrationCreated created);

    [InternalGrainMethod(InternalGrainMethodAttribute.Gateway)]
    Task OnStateChanged(IntegrationStateChanged changed);

    [InternalGrainMethod(InternalGrainMethodAttribute.Gateway)]
    Task OnDeleted(IntegrationDeleted deleted);

    [InternalGrainMethod(InternalGrainMethodAttribute.Gateway)]
    Task OnSyncFinished(SyncFinished finished);

    [InternalGrainMethod(InternalGrainMethodAttribute.Gateway)]
    Task OnDataChanged(DataChanged changed);

    /// <summary>An operator's "pull the deltas now"; coalesces with any pull already requested.</summary>
    Task RequestPull();

    /// <summary>A full re-read now: records absent from a completed read are marked deleted.</summary>
    Task RequestReconcile();

    [AlwaysInterleave]
    Task<IntegrationStatus> GetStatus();
}
