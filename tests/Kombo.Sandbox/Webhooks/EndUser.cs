namespace Kombo.Sandbox.Webhooks;

/// <summary>The customer who connected the integration, as every lifecycle webhook carries it.</summary>
public sealed record EndUser(string OrganizationName, string? CreatorEmail, string? OriginId);
