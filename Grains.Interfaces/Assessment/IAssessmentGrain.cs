using OrleansKombo.Clients;
using Orleans.Concurrency;

namespace OrleansKombo.Assessment;

/// <summary>
/// The assessment side of one integration, keyed by the integration id: it owns the package set and its push to
/// Kombo, every write-back of the integration's results (so Kombo's limit of concurrent writes holds cluster-wide),
/// and the reconciliation of our orders with Kombo's (missed ones, ones closed on Kombo's side).
/// </summary>
public interface IAssessmentGrain : IGrainWithStringKey
{
    /// <summary>Replaces the set (Kombo's semantics) and pushes it; returns at once with the push PENDING.</summary>
    Task<PackageSet> SetPackages(IReadOnlyList<AssessmentPackage> packages);

    [AlwaysInterleave]
    Task<PackageSet> GetPackages();

    [AlwaysInterleave]
    [InternalGrainMethod(InternalGrainMethodAttribute.Silo)]
    Task<PackageLookup> FindPackage(string packageId);

    /// <summary>
    /// The integration is ACTIVE (again): writes held while it could not take them resume, the current set is pushed
    /// again (Kombo may have lost it meanwhile), and failed write-backs are retried, in the background.
    /// </summary>
    [InternalGrainMethod(InternalGrainMethodAttribute.Silo)]
    Task IntegrationActive();

    /// <summary>
    /// Queues a result for <c>PUT /assessment/orders/{id}/result</c>; the order grain hears how it went. Interleaves:
    /// it only queues, and order grains call it while this grain's background work waits on them.
    /// </summary>
    [AlwaysInterleave]
    [InternalGrainMethod(InternalGrainMethodAttribute.Silo)]
    Task WriteResult(WriteBackRequest request);

    /// <summary>
    /// Runs reconciliation in the background: Kombo's OPEN orders (missed ones are adopted, ones we rejected are
    /// flagged) and the orders we hold open (closed in Kombo: cancelled here or flagged). Each run reads a bounded number
    /// of pages and the next run continues where it stopped.
    /// </summary>
    Task Reconcile();
}
