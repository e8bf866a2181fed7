namespace Kombo.Sandbox.Integrations;

/// <summary>
/// What finishing a sync did. <see cref="Webhooks"/> ends when its webhooks have been delivered (or given up);
/// <see cref="ChangedModels"/> is empty for a failed sync, whose changes stay pending for the next good one.
/// </summary>
public sealed record SyncReport(string SyncId, string SyncState, bool SetupCompleted, IReadOnlyList<string> ChangedModels, Task Webhooks);
