namespace OrleansKombo.Grains.JobLinks;

/// <summary>An ATS job offered for a human to confirm, with how close its title is (pg_trgm similarity, 0 to 1; 1 for an exact key).</summary>
public sealed record JobCandidate(string JobId, string? Name, double Score);
