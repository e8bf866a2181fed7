namespace OrleansKombo.Integrations;

/// <summary>A snapshot of what the integration grain knows, for internal grain clients and tests.</summary>
/// <param name="Models">
/// Per catalog model name (<see cref="Catalog.AtsModel.Name"/>: <c>users</c>, <c>jobs</c>, …), how reading it goes; a model
/// not yet read is absent. The internal API's <c>models</c> has the same keys.
/// </param>
/// <param name="GoneSince">Since when Kombo answers <c>PLATFORM.INTEGRATION_NOT_FOUND</c>: no pulls until a webhook names the integration.</param>
/// <param name="HealthReason">Why <see cref="Health"/> is what it is, in a sentence; null when there is nothing to say.</param>
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
    string? PullInProgress,
    IReadOnlyDictionary<string, ModelStatus> Models,
    DateTimeOffset? GoneSince,
    string? HealthReason);
