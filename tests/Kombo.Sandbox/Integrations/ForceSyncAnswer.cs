namespace Kombo.Sandbox.Integrations;

/// <summary>The <c>data</c> of <c>POST /v1/force-sync</c>'s answer.</summary>
public sealed record ForceSyncAnswer(bool AlreadyQueued, string SyncId, string Type);
