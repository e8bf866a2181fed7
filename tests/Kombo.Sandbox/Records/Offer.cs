namespace Kombo.Sandbox.Records;

public sealed record Offer(string Id, string? RemoteId, string? Status);
