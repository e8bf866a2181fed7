namespace OrleansKombo.Assessment;

/// <summary>How a write-back went so far: PENDING after a transient failure, DONE, or FAILED with Kombo's message.</summary>
[GenerateSerializer, Immutable]
public sealed record WriteBackReport(int Revision, WriteStatus Status, int Attempts, string? LastError, IReadOnlyList<string> Warnings);
