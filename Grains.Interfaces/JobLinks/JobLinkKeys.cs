using System.Text.Json;

namespace OrleansKombo.JobLinks;

public static class JobLinkKeys
{
    /// <summary>The order matching tries them in (the enum's order).</summary>
    public static IReadOnlyList<JobLinkKey> InOrder { get; } = Enum.GetValues<JobLinkKey>();

    /// <summary><c>remote_id</c>, <c>job_code</c>, <c>post_url</c>: the field's name in the request and in <c>matched_on</c>.</summary>
    public static string Name(JobLinkKey key) => JsonNamingPolicy.SnakeCaseLower.ConvertName(key.ToString());

    /// <summary>The vendor job's value for the key, or null when it has none.</summary>
    public static string? ValueOf(VendorJob job, JobLinkKey key) => (key switch
    {
        JobLinkKey.RemoteId => job.RemoteId,
        JobLinkKey.JobCode => job.JobCode,
        _ => job.PostUrl,
    }) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;
}
