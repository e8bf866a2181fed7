namespace OrleansKombo.Integrations;

/// <summary>Our last pull from Kombo: <c>status</c> is RUNNING, SUCCEEDED or FAILED.</summary>
[GenerateSerializer, Immutable]
public sealed record LastPull(
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string Status,
    long RecordsRead,
    long RecordsChanged,
    string? Error);
