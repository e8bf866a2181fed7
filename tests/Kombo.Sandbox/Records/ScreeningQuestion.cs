namespace Kombo.Sandbox.Records;

/// <summary><c>format</c> is Kombo's union keyed on <c>type</c>; a dictionary writes each variant's own keys.</summary>
public sealed record ScreeningQuestion(
    string Id,
    string? RemoteId,
    string? Title,
    string? Description,
    Dictionary<string, object?>? Format,
    string? Category,
    long? Index,
    bool? Required,
    string? PreconditionQuestionId,
    IReadOnlyList<string>? PreconditionOptions);
