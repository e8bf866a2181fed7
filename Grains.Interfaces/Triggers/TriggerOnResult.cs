namespace OrleansKombo.Triggers;

/// <summary>What a result of a triggered order writes into the ATS: the result link, and by choice a note, a stage move, a tag.</summary>
/// <param name="CustomFieldNamePrefix">
/// Kombo's <c>details.custom_field_name_prefix</c> of the result link: an ATS that shows the score and sub-scores as
/// custom fields names them with it ("Acme: Score"); <see cref="DefaultPrefix"/> when the rule names none.
/// </param>
[GenerateSerializer, Immutable]
public sealed record TriggerOnResult(bool ResultLink, bool Note, string? MoveToStageId, string? TagName, string? CustomFieldNamePrefix = null)
{
    /// <summary>Kombo advises a short prefix naming the vendor or product.</summary>
    public const string DefaultPrefix = "Assessment:";

    public static TriggerOnResult Default { get; } = new(true, false, null, null);

    public string Prefix => CustomFieldNamePrefix ?? DefaultPrefix;
}
