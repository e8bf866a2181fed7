namespace OrleansKombo.JobLinks;

/// <summary>What came of a confirm or an unlink, with a sentence for the caller when it was refused.</summary>
[GenerateSerializer, Immutable]
public sealed record JobLinkAnswer(JobLinkOutcome Outcome, string? Message)
{
    public static JobLinkAnswer Done { get; } = new(JobLinkOutcome.Done, null);
}
