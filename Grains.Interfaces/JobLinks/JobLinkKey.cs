namespace OrleansKombo.JobLinks;

/// <summary>
/// The exact keys a vendor job is matched on, in the order they are tried; a link's <c>matched_on</c> names the one that
/// linked it, spelled as the request's field (<see cref="JobLinkKeys.Name"/>).
/// </summary>
public enum JobLinkKey
{
    RemoteId,
    JobCode,
    PostUrl,
}
