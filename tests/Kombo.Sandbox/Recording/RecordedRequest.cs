namespace Kombo.Sandbox.Recording;

/// <summary>One request to <c>/v1</c> as it arrived, and the status it was answered with.</summary>
public sealed record RecordedRequest(
    long Sequence,
    DateTime At,
    string Method,
    string Path,
    string Query,
    string? IntegrationId,
    IReadOnlyDictionary<string, string> Headers,
    string? Body,
    int Status);
