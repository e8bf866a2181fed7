namespace Kombo.Sandbox.Integrations;

public sealed record ScopeConfig(string Id, string? Name);
