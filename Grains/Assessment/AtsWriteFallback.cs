namespace OrleansKombo.Grains.Assessment;

/// <summary>
/// The fallback rule of issue 12 §3, pure: an action the integration lacks (Kombo answered
/// <c>INTEGRATION.ACTION_NOT_AVAILABLE</c>, or <c>write_actions</c> does not offer it) is replaced by a note saying what
/// it would have written; when notes are not available either, the write-back fails with that reason.
/// </summary>
public static class AtsWriteFallback
{
    /// <param name="available">Whether the integration takes an action, as far as we know (not known counts as taken).</param>
    /// <param name="why">Why <paramref name="wanted"/> is not taken, when it is not (shown in the failure).</param>
    public static AtsWriteChoice Choose(AtsAction wanted, Func<AtsAction, bool> available, string? why = null)
    {
        if (available(wanted))
        {
            return AtsWriteChoice.Write(wanted);
        }
        if (wanted != AtsAction.Note && available(AtsAction.Note))
        {
            return AtsWriteChoice.NoteInstead();
        }
        var reason = why ?? $"{AtsActions.Id(wanted)} is not available for this integration";
        return AtsWriteChoice.Fail(wanted == AtsAction.Note
            ? $"The ATS takes no notes through Kombo ({reason}), so the result was not written into the application."
            : $"The ATS takes neither {AtsActions.Describe(wanted)} ({reason}) nor a note in its place "
              + $"({AtsActions.Id(AtsAction.Note)} is not available either), so the result was not written into the application.");
    }
}
