namespace Kombo.Sandbox.Assessment;

/// <summary>A package as <c>GET /assessment/packages</c> returns it.</summary>
public sealed record AssessmentPackage(string Id, string Name, string Description, DateTime? UpdatedAt, string? Type);
