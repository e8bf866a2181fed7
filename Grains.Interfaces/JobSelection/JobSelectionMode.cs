namespace OrleansKombo.JobSelection;

/// <summary>
/// How an integration's jobs are selected: <see cref="All"/> of them (the default), or only those the customer
/// chose (<see cref="Selected"/>). Spelled ALL and SELECTED (KomboJson.Name), as the API and job_selection_modes have them.
/// </summary>
public enum JobSelectionMode
{
    All,
    Selected,
}
