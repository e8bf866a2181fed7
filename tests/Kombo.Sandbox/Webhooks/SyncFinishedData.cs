namespace Kombo.Sandbox.Webhooks;

public sealed record SyncFinishedData(
    string SyncId,
    string SyncState,
    DateTime SyncStartedAt,
    DateTime SyncEndedAt,
    long SyncDurationSeconds,
    string IntegrationId,
    string IntegrationTool,
    string IntegrationCategory,
    EndUser EndUser,
    string LogUrl);
