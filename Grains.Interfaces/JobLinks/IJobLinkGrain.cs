namespace OrleansKombo.JobLinks;

/// <summary>
/// Links the vendor's jobs (or a multiposter's) to one integration's ATS jobs, keyed by the integration id. It decides
/// each link (JobMatcher) and stores it in PostgreSQL (job_links), which the API reads through job_link_view. One grain
/// per integration, so two calls about the same vendor job never race.
/// </summary>
public interface IJobLinkGrain : IGrainWithStringKey
{
    /// <summary>Matches each job and stores its link (up to <see cref="VendorJobRules.MaxPerCall"/>); posting a job again updates its link.</summary>
    Task Link(IReadOnlyList<VendorJob> jobs);

    /// <summary>A human's link of the vendor job to the ATS job: LINKED, and kept until a human changes or removes it.</summary>
    Task<JobLinkAnswer> Confirm(string vendorJobId, string jobId);

    /// <summary>Forgets the vendor job's link; posting the job again matches it afresh.</summary>
    Task<JobLinkAnswer> Unlink(string vendorJobId);
}
