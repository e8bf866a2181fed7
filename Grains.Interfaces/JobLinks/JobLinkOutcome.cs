namespace OrleansKombo.JobLinks;

public enum JobLinkOutcome
{
    Done,

    /// <summary>No link for that vendor job id (404).</summary>
    UnknownLink,

    /// <summary>The integration has no job with that id (400: the body names it).</summary>
    UnknownJob,

    /// <summary>The job was deleted in the ATS, so nothing new can be linked to it (409).</summary>
    JobDeleted,
}
