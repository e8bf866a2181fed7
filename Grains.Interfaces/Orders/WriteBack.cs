using OrleansKombo.Assessment;

namespace OrleansKombo.Orders;

/// <summary>CONTRACT.md's <c>write_back</c>: the result's way into the ATS through Kombo.</summary>
[GenerateSerializer, Immutable]
public sealed record WriteBack(WriteStatus Status, int Attempts, string? LastError, IReadOnlyList<string> Warnings);
