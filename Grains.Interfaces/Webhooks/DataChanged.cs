namespace OrleansKombo.Webhooks;

/// <summary>
/// <c>data-changed</c>: something in these models changed since the last notice. Only the integration id is
/// required (KomboEventTypes.Shapes); the category stays a string, so a new one Kombo adds is kept.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DataChanged(
    string IntegrationId,
    string? IntegrationTool,
    string? IntegrationCategory,
    IReadOnlyList<ChangedModel>? ChangedModels);
