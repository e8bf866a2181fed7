using OrleansKombo.Assessment;
using OrleansKombo.Grains.Orders;
using OrleansKombo.Integrations;

namespace OrleansKombo.Grains.Triggers;

/// <summary>
/// What deciding a triggered order asks, answered from what the caller already knows: the integration's state (the
/// pulling integration's own), the packages (looked up once per page) and the job, which the trigger statement has
/// checked to be active already.
/// </summary>
public sealed class TriggerFacts(IntegrationLifecycle integration, IReadOnlyDictionary<string, PackageLookup> packages) : IOrderFacts
{
    public Task<IntegrationLifecycle> IntegrationStateAsync(string integrationId) => Task.FromResult(integration);

    public Task<PackageLookup> FindPackageAsync(string integrationId, string packageId) =>
        Task.FromResult(packages.TryGetValue(packageId, out var lookup) ? lookup : new PackageLookup(PackageOffer.Unknown, null));

    public Task<string?> InactiveJobStateAsync(string integrationId, string jobRemoteId) => Task.FromResult<string?>(null);
}
