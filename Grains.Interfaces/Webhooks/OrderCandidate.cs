namespace OrleansKombo.Webhooks;

/// <summary>Kombo requires <c>email</c>; it is nullable here so a missing one is a 422 the recruiter sees, not a 400.</summary>
[GenerateSerializer, Immutable]
public sealed record OrderCandidate(string? RemoteId, string? Email, string? FirstName, string? LastName, string? Phone);
