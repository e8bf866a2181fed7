using Orleans.Concurrency;

namespace OrleansKombo.Assessment;

/// <summary>
/// The assessment side of one integration, keyed by the integration id: it owns the package set and its push to
/// Kombo, every write-back of the integration's results (so Kombo's limit of concurrent writes holds cluster-wide),
/// and the reconciliation of orders whose webhook never reached us.
/// </summary>
public interface IAssessmentGrain : IGrainWithStringKey
{
    /// <summary>Replaces the set (Kombo's semantics) and pushes it; returns at once with the push PENDING.</summary>
    Task<PackageSet> SetPackages(IReadOnlyList<AssessmentPackage> packages);

    [AlwaysInterleave]
    Task<PackageSet> GetPackages();

    [AlwaysInterleave]
    Task<PackageLookup> FindPackage(string packageId);

    /// <summary>Pushes the current set again (the integration became ACTIVE); nothing when no set was ever stored.</summary>
    Task PushPackages();

    /// <summary>Queues a result for <c>PUT /assessment/orders/{id}/result</c>; the order grain hears how it went.</summary>
    Task WriteResult(WriteBackRequest request);

    /// <summary>Pages through Kombo's OPEN orders in the background and adopts the ones we never received.</summary>
    Task Reconcile();
}
