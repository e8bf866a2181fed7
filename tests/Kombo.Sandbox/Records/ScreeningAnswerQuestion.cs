namespace Kombo.Sandbox.Records;

public sealed record ScreeningAnswerQuestion(string? RemoteId, string Title, string Type);
