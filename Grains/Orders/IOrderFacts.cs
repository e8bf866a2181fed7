using OrleansKombo.Assessment;
using OrleansKombo.Integrations;

namespace OrleansKombo.Grains.Orders;

/// <summary>
/// What deciding an order asks of the rest of the system: the integration's state, its package set and what our synced
/// data says about the job (<see cref="OrderFacts"/> asks the grains and the jobs table). A test answers as it likes.
/// </summary>
public interface IOrderFacts
{
    Task<IntegrationLifecycle> IntegrationStateAsync(string integrationId);

    Task<PackageLookup> FindPackageAsync(string integrationId, string packageId);

    /// <returns>The job's lifecycle state when we know it and it is inactive; null when it is active or unknown.</returns>
    Task<string?> InactiveJobStateAsync(string integrationId, string jobRemoteId);
}
