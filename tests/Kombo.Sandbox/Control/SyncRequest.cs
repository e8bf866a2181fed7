namespace Kombo.Sandbox.Control;

public sealed record SyncRequest(string? SyncState);
