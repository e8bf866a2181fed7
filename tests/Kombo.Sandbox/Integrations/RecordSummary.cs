namespace Kombo.Sandbox.Integrations;

/// <summary>A record as the control API lists it, to pick ids for changes and assertions.</summary>
public sealed record RecordSummary(string Id, string? RemoteId, bool Deleted, DateTime ChangedAt, DateTime UpdatedAt);
