namespace OrleansKombo.Webhooks;

/// <summary>A customer's attempt to connect failed; it names no integration, so it is only recorded.</summary>
[GenerateSerializer, Immutable]
public sealed record ConnectionFlowFailed(string? IntegrationTool, string? IntegrationCategory, KomboEndUser? EndUser, string? LogUrl);
