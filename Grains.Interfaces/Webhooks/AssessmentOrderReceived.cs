namespace OrleansKombo.Webhooks;

/// <summary>
/// <c>assessment:order-received</c> and <c>inline-assessment:order-received</c> (same payload). It carries only
/// the ATS's remote ids for candidate, application and job, not Kombo ids.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AssessmentOrderReceived(
    string Id,
    string PackageId,
    string Status,
    string IntegrationId,
    OrderCandidate Candidate,
    OrderApplication? Application,
    OrderJob? Job);
