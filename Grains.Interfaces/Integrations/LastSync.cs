namespace OrleansKombo.Integrations;

/// <summary>The last <c>sync-finished</c> seen for an integration.</summary>
[GenerateSerializer, Immutable]
public sealed record LastSync(string SyncId, string SyncState, DateTimeOffset StartedAt, DateTimeOffset EndedAt);
