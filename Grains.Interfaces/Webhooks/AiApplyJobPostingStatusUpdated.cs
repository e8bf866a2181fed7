namespace OrleansKombo.Webhooks;

/// <summary>
/// Part of Kombo's AI Apply product, which we do not use: recorded and answered 200. Typed so a value of the wrong
/// JSON type is noticed; every key may be absent (KomboEventTypes.Shapes).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AiApplyJobPostingStatusUpdated(
    string? Id,
    CareerSite? CareerSite,
    string? Url,
    string? JobCode,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    DateTimeOffset? ArchivedAt,
    string? ArchivedReason,
    string? Availability);
