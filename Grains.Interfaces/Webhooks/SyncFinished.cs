namespace OrleansKombo.Webhooks;

/// <summary>
/// <c>sync-finished</c>: Kombo finished syncing the customer's system. <c>sync_state</c> is a free string. Kombo's
/// syncing guide prints it without <c>end_user</c>, so only what we record and act on is required
/// (KomboEventTypes.Shapes).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SyncFinished(
    string SyncId,
    string SyncState,
    DateTimeOffset SyncStartedAt,
    DateTimeOffset SyncEndedAt,
    long? SyncDurationSeconds,
    string IntegrationId,
    string? IntegrationTool,
    string? IntegrationCategory,
    KomboEndUser? EndUser,
    string? LogUrl);
