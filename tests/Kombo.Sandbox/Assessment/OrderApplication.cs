namespace Kombo.Sandbox.Assessment;

public sealed record OrderApplication(string? RemoteId);
