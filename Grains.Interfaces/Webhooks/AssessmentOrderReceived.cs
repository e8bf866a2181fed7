namespace OrleansKombo.Webhooks;

/// <summary>
/// <c>assessment:order-received</c> and <c>inline-assessment:order-received</c> (same payload). It carries only
/// the ATS's remote ids for candidate, application and job, not Kombo ids. The order, its integration and its
/// package are required (KomboEventTypes.Shapes); a missing candidate is the recruiter's to fix (a 422), and the
/// status stays a string, so a value Kombo adds later is kept.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AssessmentOrderReceived(
    string Id,
    string PackageId,
    string? Status,
    string IntegrationId,
    OrderCandidate? Candidate,
    OrderApplication? Application,
    OrderJob? Job);
