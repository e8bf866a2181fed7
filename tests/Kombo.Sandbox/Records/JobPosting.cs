namespace Kombo.Sandbox.Records;

public sealed record JobPosting(
    string Id,
    string? RemoteId,
    string? Title,
    string? DescriptionHtml,
    string? Status,
    string? Visibility,
    string? Url,
    Dictionary<string, object?>? RemoteData);
