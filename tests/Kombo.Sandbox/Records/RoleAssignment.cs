namespace Kombo.Sandbox.Records;

/// <summary>Kombo's role object, used by <c>hiring_team[].job_roles</c> and <c>users[].system_roles</c>.</summary>
public sealed record RoleAssignment(string? RemoteId, string? RemoteLabel, string? Scope, string? UnifiedType);
