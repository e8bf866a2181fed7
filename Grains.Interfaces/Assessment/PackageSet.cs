namespace OrleansKombo.Assessment;

/// <summary>
/// An integration's package set as <c>GET /api/integrations/{id}/packages</c> shows it: the packages on offer,
/// the ids taken out of an earlier set (orders for them are rejected as withdrawn), and the push to Kombo.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PackageSet(
    string IntegrationId,
    IReadOnlyList<AssessmentPackage> Packages,
    IReadOnlyList<string> Withdrawn,
    PackagePush? Push,
    DateTimeOffset? UpdatedAt);
