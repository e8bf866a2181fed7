using OrleansKombo.Assessment;
using OrleansKombo.Grains.Orders;
using OrleansKombo.Integrations;

namespace OrleansKombo.Grains.Triggers;

/// <summary>
/// What deciding a triggered order asks, answered from what the caller already knows: the integration's state (the
/// pulling integration's own), the packages (read from the assessment grain before the page's transaction opens, so no
/// grain call waits inside it) and the job, which the trigger statement has checked to be active already.
/// </summary>
public sealed class TriggerFacts(IntegrationLifecycle integration, PackageSet packages) : IOrderFacts
{
    public Task<IntegrationLifecycle> IntegrationStateAsync(string integrationId) => Task.FromResult(integration);

    public Task<PackageLookup> FindPackageAsync(string integrationId, string packageId) =>
        Task.FromResult(packages.Packages.FirstOrDefault(p => p.Id == packageId) is { } package
            ? new PackageLookup(PackageOffer.Offered, package)
            : new PackageLookup(packages.Withdrawn.Contains(packageId) ? PackageOffer.Withdrawn : PackageOffer.Unknown, null));

    public Task<string?> InactiveJobStateAsync(string integrationId, string jobRemoteId) => Task.FromResult<string?>(null);
}
