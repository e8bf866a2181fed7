namespace OrleansKombo.Webhooks;

/// <summary><c>data-changed</c>: something in these models changed since the last notice.</summary>
[GenerateSerializer, Immutable]
public sealed record DataChanged(
    string IntegrationId,
    string IntegrationTool,
    string IntegrationCategory,
    IReadOnlyList<ChangedModel> ChangedModels);
