namespace OrleansKombo.Grains.Assessment;

/// <summary>
/// What is written for a wanted <see cref="AtsAction"/>: the action itself, a note in its place
/// (<see cref="Fallback"/>), or nothing, the write-back failing with <see cref="Failure"/>.
/// </summary>
public sealed record AtsWriteChoice(AtsAction? Action, bool Fallback, string? Failure)
{
    public static AtsWriteChoice Write(AtsAction action) => new(action, false, null);

    public static AtsWriteChoice NoteInstead() => new(AtsAction.Note, true, null);

    public static AtsWriteChoice Fail(string reason) => new(null, false, reason);
}
