namespace OrleansKombo.JobLinks;

/// <summary>A link's status as the API and job_links spell it (KomboJson.Name): LINKED, NEEDS_CONFIRMATION, NO_MATCH.</summary>
public enum JobLinkStatus
{
    /// <summary>Linked to an ATS job: by an exact key, or by a human who confirmed it.</summary>
    Linked,

    /// <summary>Not linked: the closest open titles, or several jobs sharing the key, wait for a human.</summary>
    NeedsConfirmation,

    /// <summary>Not linked: no key matched and no open job's title is close.</summary>
    NoMatch,
}
