namespace Kombo.Sandbox.Assessment;

public sealed record OrderCandidate(string? RemoteId, string Email, string? FirstName, string? LastName, string? Phone);
