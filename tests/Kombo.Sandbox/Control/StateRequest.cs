namespace Kombo.Sandbox.Control;

/// <summary>Lifecycle fields to change; those left null stay.</summary>
public sealed record StateRequest(string? State, string? QaStatus, string? SetupStatus, int? SetupPendingStatus);
