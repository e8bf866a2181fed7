namespace OrleansKombo.Assessment;

/// <summary>
/// The push of the current package set to Kombo: PENDING until Kombo acknowledges it (retried meanwhile), DONE
/// with Kombo's warnings, or FAILED when Kombo refused the set for good.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PackagePush(
    WriteStatus Status,
    int Attempts,
    string? LastError,
    IReadOnlyList<string> Warnings,
    DateTimeOffset RequestedAt,
    DateTimeOffset? PushedAt);
