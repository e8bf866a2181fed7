namespace OrleansKombo.JobLinks;

/// <summary>The words of <see cref="JobLinkStatus"/> as job_links and the API spell them.</summary>
public static class JobLinkStatuses
{
    private static readonly Dictionary<string, JobLinkStatus> ByName =
        Enum.GetValues<JobLinkStatus>().ToDictionary(s => KomboJson.Name(s), StringComparer.Ordinal);

    public static IReadOnlyList<string> All { get; } = [.. ByName.Keys];

    public static string Name(JobLinkStatus status) => KomboJson.Name(status);

    public static JobLinkStatus Parse(string name) =>
        ByName.TryGetValue(name, out var status) ? status : throw new FormatException($"'{name}' is not a job link status.");
}
