namespace OrleansKombo.Grains.JobLinks;

/// <summary>An ATS job that has a vendor job's exact key (remote_id, job_code or post URL key).</summary>
public sealed record JobHit(string JobId, string? Name, bool Deleted);
