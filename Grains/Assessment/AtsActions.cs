namespace OrleansKombo.Grains.Assessment;

/// <summary>
/// The one list of what each <see cref="AtsAction"/> is called in Kombo's <c>GET /integrations/{id}</c>
/// <c>write_actions</c> and in our words. Kombo's document names the field but not these ids (it gives
/// <c>ats_create_candidate</c> as the pattern); a wrong id shows as "missing from write_actions", so the write falls
/// back to a note, and Kombo's own <c>INTEGRATION.ACTION_NOT_AVAILABLE</c> is the final word either way.
/// </summary>
public static class AtsActions
{
    public static string Id(AtsAction action) => action switch
    {
        AtsAction.ResultLink => "ats_add_application_result_link",
        AtsAction.Note => "ats_add_application_note",
        AtsAction.StageMove => "ats_move_application_to_stage",
        AtsAction.Tag => "ats_add_candidate_tag",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    public static string Describe(AtsAction action) => action switch
    {
        AtsAction.ResultLink => "a result link",
        AtsAction.Note => "a note",
        AtsAction.StageMove => "a stage move",
        AtsAction.Tag => "a candidate tag",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    /// <summary>
    /// Whether a repeat of the write changes nothing (a stage move to the same stage, a tag the candidate has): those are
    /// simply made again after a crash; a result link or a note would be a second one.
    /// </summary>
    public static bool Repeatable(AtsAction action) => action is AtsAction.StageMove or AtsAction.Tag;
}
