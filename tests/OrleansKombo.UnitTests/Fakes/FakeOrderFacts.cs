using OrleansKombo.Assessment;
using OrleansKombo.Grains.Orders;
using OrleansKombo.Integrations;

namespace OrleansKombo.UnitTests.Fakes;

/// <summary>The facts an order is decided on, as the test sets them: an active integration offering one package, by default.</summary>
public sealed class FakeOrderFacts : IOrderFacts
{
    public IntegrationLifecycle Lifecycle { get; set; } = IntegrationLifecycle.Active;

    public PackageOffer Offer { get; set; } = PackageOffer.Offered;

    public AssessmentPackage Package { get; set; } = new("pkg-1", "SKILLS_TEST", "Skills test", "A coding exercise");

    public string? JobState { get; set; }

    public Task<IntegrationLifecycle> IntegrationStateAsync(string integrationId) => Task.FromResult(Lifecycle);

    public Task<PackageLookup> FindPackageAsync(string integrationId, string packageId) =>
        Task.FromResult(new PackageLookup(Offer, Offer == PackageOffer.Offered ? Package : null));

    public Task<string?> InactiveJobStateAsync(string integrationId, string jobRemoteId) => Task.FromResult(JobState);
}
