namespace Kombo.Sandbox.Records;

/// <summary>A passthrough field; Kombo's schema types <c>value</c> as null.</summary>
public sealed record IntegrationField(string Id, string Key, string Type, object? Value, string? Label);
