using OrleansKombo.JobLinks;

namespace OrleansKombo.Grains.JobLinks;

/// <summary>A vendor job's link as job_links holds it before a new post of the job.</summary>
public sealed record StoredLink(JobLinkStatus Status, string? JobId, DateTimeOffset? ConfirmedAt)
{
    public bool Confirmed => Status == JobLinkStatus.Linked && ConfirmedAt is not null;
}
