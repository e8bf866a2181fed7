namespace OrleansKombo.JobSelection;

/// <summary>A selection change done, or refused because it names jobs the integration never had (none stored then).</summary>
[GenerateSerializer, Immutable]
public sealed record JobSelectionAnswer(IReadOnlyList<string> UnknownJobIds)
{
    public static JobSelectionAnswer Done { get; } = new([]);

    public bool Refused => UnknownJobIds.Count > 0;
}
