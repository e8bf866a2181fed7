namespace Kombo.Sandbox.Integrations;

public sealed record ToolInfo(string Id, string Label, string? InternalLabel, string LogoUrl, string IconUrl);
