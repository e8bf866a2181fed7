namespace OrleansKombo.Webhooks;

/// <summary>Part of Kombo's AI Apply product, which we do not use; typed so it is validated and recorded.</summary>
[GenerateSerializer, Immutable]
public sealed record AiApplyJobPostingStatusUpdated(
    string Id,
    CareerSite CareerSite,
    string Url,
    string? JobCode,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ArchivedAt,
    string? ArchivedReason,
    string Availability);
