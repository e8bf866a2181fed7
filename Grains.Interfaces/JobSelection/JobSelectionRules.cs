namespace OrleansKombo.JobSelection;

/// <summary>What a selection may hold, checked by the API before it asks the grain and by the grain again.</summary>
public static class JobSelectionRules
{
    /// <summary>
    /// The most job ids one selection holds: an ATS with more open jobs than this is not one a customer picks from by
    /// hand (mode ALL is the answer there), and it bounds the request and the statement that stores it.
    /// </summary>
    public const int MaxJobIds = 50_000;

    /// <summary>The longest job id taken (Kombo's ids are 24 characters).</summary>
    public const int MaxJobIdLength = 200;

    /// <summary>Every problem with the ids, or none.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<string?> jobIds)
    {
        var problems = new List<string>();
        if (jobIds.Count > MaxJobIds)
        {
            problems.Add($"job_ids holds {jobIds.Count} ids; at most {MaxJobIds} are taken (mode ALL selects every job).");
        }
        for (var i = 0; i < jobIds.Count && problems.Count < 10; i++)
        {
            if (string.IsNullOrWhiteSpace(jobIds[i]) || jobIds[i]!.Length > MaxJobIdLength)
            {
                problems.Add($"job_ids[{i}] must be a job id: a non-empty string of at most {MaxJobIdLength} characters.");
            }
        }
        return problems;
    }
}
