namespace Kombo.Sandbox.Control;

public sealed record WarningsRequest(IReadOnlyList<string>? Warnings);
