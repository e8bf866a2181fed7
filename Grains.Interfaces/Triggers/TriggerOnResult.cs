namespace OrleansKombo.Triggers;

/// <summary>What a result of a triggered order writes into the ATS: the result link, and by choice a note, a stage move, a tag.</summary>
[GenerateSerializer, Immutable]
public sealed record TriggerOnResult(bool ResultLink, bool Note, string? MoveToStageId, string? TagName)
{
    public static TriggerOnResult Default { get; } = new(true, false, null, null);
}
