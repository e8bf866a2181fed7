namespace OrleansKombo.Integrations;

/// <summary>A snapshot of what the integration grain knows, for internal grain clients and tests.</summary>
[GenerateSerializer, Immutable]
public sealed record IntegrationStatus(
    string Id,
    string? Tool,
    string? Category,
    IntegrationLifecycle State,
    SetupPhase Setup,
    IntegrationHealth Health,
    LastSync? LastSync,
    LastPull? LastPull,
    DateTimeOffset? Watermark,
    DateTimeOffset? PullRequestedAt,
    DateTimeOffset? ReconcileRequestedAt,
    DateTimeOffset? LastReconcileAt,
    DateTimeOffset? RetryAt,
    string? PullInProgress);
