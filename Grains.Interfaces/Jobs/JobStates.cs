namespace OrleansKombo.Jobs;

/// <summary>
/// The words of <see cref="JobState"/> as PostgreSQL and the API spell them. Which state a job is in is decided in one
/// place only, the SQL functions of migration 0600 (job_state, job_active), which the job grain asks too.
/// </summary>
public static class JobStates
{
    private static readonly Dictionary<string, JobState> ByName =
        Enum.GetValues<JobState>().ToDictionary(s => KomboJson.Name(s), StringComparer.Ordinal);

    /// <summary>Kombo's job statuses: our states without DELETED, which is ours.</summary>
    public static IReadOnlyList<string> KomboStatuses { get; } =
        [.. Enum.GetValues<JobState>().Where(s => s != JobState.Deleted).Select(s => KomboJson.Name(s))];

    /// <summary>One of our own state words (e.g. <c>OPEN</c>) as its state; exactly as we write them, nothing else.</summary>
    public static JobState Parse(string name) =>
        ByName.TryGetValue(name, out var state) ? state : throw new FormatException($"'{name}' is not a job state.");
}
