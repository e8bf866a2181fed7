namespace Kombo.Sandbox.Assessment;

public sealed record OrderHiringTeamMember(string? RemoteId, string? Email, string? FirstName, string? LastName, IReadOnlyList<string> HiringTeamRoles);
