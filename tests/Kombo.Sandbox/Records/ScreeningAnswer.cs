namespace Kombo.Sandbox.Records;

/// <summary>An answer keyed on the question's type; <c>answer</c> carries the one key that type uses (content, choice, choices, …).</summary>
public sealed record ScreeningAnswer(Dictionary<string, object?> Answer, ScreeningAnswerQuestion Question);
