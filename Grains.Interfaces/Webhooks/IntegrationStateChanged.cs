namespace OrleansKombo.Webhooks;

/// <summary>
/// <c>integration-state-changed</c>; <c>updated_at</c> orders these, since deliveries can arrive out of order. The
/// statuses stay strings, so a value Kombo adds later is kept as sent.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record IntegrationStateChanged(
    string? IntegrationTool,
    string IntegrationId,
    string? IntegrationCategory,
    KomboEndUser? EndUser,
    string? QaStatus,
    string? SetupStatus,
    string State,
    DateTimeOffset UpdatedAt);
