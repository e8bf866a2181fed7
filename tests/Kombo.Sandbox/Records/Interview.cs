namespace Kombo.Sandbox.Records;

public sealed record Interview(string Id, string? RemoteId, string? Title, DateTime? StartingAt, DateTime? EndingAt, Location? Location, bool? Canceled);
