namespace OrleansKombo.JobLinks;

/// <summary>
/// One of the vendor's own jobs, or a multiposter's, to link to an ATS job: what POST …/job-links takes per job. The
/// optional keys are matched exactly (after their normalisation, migration 0800), the title only by similarity.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record VendorJob(string VendorJobId, string Title, string? JobCode, string? PostUrl, string? RemoteId);
