namespace OrleansKombo.JobLinks;

/// <summary>What one call to POST …/job-links may carry; the API answers 400 with these problems, the grain checks again.</summary>
public static class VendorJobRules
{
    /// <summary>Vendor jobs per call: a vendor with more sends them in several calls.</summary>
    public const int MaxPerCall = 1_000;

    /// <summary>The longest value taken per field, so a row and its index entries stay small.</summary>
    public static IReadOnlyDictionary<string, int> MaxLengths { get; } = new Dictionary<string, int>
    {
        ["vendor_job_id"] = 200,
        ["title"] = 500,
        ["job_code"] = 200,
        ["post_url"] = 2_048,
        ["remote_id"] = 200,
    };

    /// <summary>Problems named as <c>jobs[i].field</c>; at most a screenful (the first 20), so a bad call never makes a huge answer.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<VendorJob> jobs)
    {
        var problems = new List<string>();
        if (jobs.Count == 0)
        {
            problems.Add("jobs must hold at least one job.");
        }
        if (jobs.Count > MaxPerCall)
        {
            problems.Add($"jobs holds {jobs.Count} jobs; at most {MaxPerCall} are taken per call.");
            return problems;
        }
        for (var i = 0; i < jobs.Count; i++)
        {
            var job = jobs[i];
            foreach (var (field, value, required) in new[]
            {
                ("vendor_job_id", job.VendorJobId, true), ("title", job.Title, true), ("job_code", job.JobCode, false),
                ("post_url", job.PostUrl, false), ("remote_id", job.RemoteId, false),
            })
            {
                if (required && string.IsNullOrWhiteSpace(value))
                {
                    problems.Add($"jobs[{i}].{field} is required and must be a non-empty string.");
                }
                else if (value is not null && value.Length > MaxLengths[field])
                {
                    problems.Add($"jobs[{i}].{field} is longer than {MaxLengths[field]} characters.");
                }
            }
        }
        foreach (var duplicate in jobs.Where(j => !string.IsNullOrWhiteSpace(j.VendorJobId)).GroupBy(j => j.VendorJobId, StringComparer.Ordinal)
                     .Where(g => g.Count() > 1))
        {
            problems.Add($"vendor_job_id '{duplicate.Key}' appears more than once.");
        }
        return problems.Take(20).ToList();
    }
}
