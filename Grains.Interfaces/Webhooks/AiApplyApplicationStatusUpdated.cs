namespace OrleansKombo.Webhooks;

/// <summary>Part of Kombo's AI Apply product, which we do not use; typed so it is validated and recorded.</summary>
[GenerateSerializer, Immutable]
public sealed record AiApplyApplicationStatusUpdated(
    string Id, string JobPostingId, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
