using OrleansKombo.Assessment;
using OrleansKombo.Integrations;

namespace OrleansKombo.Grains.Orders;

/// <summary>The facts an order is decided on, from the integration's grains and our synced jobs.</summary>
public sealed class OrderFacts(IGrainFactory grains, OrderJobs jobs) : IOrderFacts
{
    public async Task<IntegrationLifecycle> IntegrationStateAsync(string integrationId) =>
        (await grains.GetGrain<IIntegrationGrain>(integrationId).GetStatus()).State;

    public Task<PackageLookup> FindPackageAsync(string integrationId, string packageId) =>
        grains.GetGrain<IAssessmentGrain>(integrationId).FindPackage(packageId);

    public Task<string?> InactiveJobStateAsync(string integrationId, string jobRemoteId) => jobs.InactiveStateAsync(integrationId, jobRemoteId);
}
