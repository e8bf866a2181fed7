namespace OrleansKombo.JobSelection;

/// <summary>
/// The jobs one integration's customer chose to work with, keyed by the integration id. It stores the mode and the
/// chosen jobs in PostgreSQL (job_selection_modes, job_selections), apart from the synced records, so every sync and
/// reconcile leaves them as they are; the jobs API and trigger rules read them through job_view.selected. One grain per
/// integration, so concurrent changes apply one after the other.
/// </summary>
public interface IJobSelectionGrain : IGrainWithStringKey
{
    /// <summary>Sets the mode and replaces the chosen jobs; refused, storing nothing, when an id names no job the integration has.</summary>
    Task<JobSelectionAnswer> Replace(JobSelectionMode mode, IReadOnlyList<string> jobIds);

    /// <summary>Adds one job to the chosen ones, or takes it out; refused when the integration has no such job.</summary>
    Task<JobSelectionAnswer> Choose(string jobId, bool chosen);
}
