namespace OrleansKombo.Jobs;

/// <summary>CONTRACT.md's job lifecycle <c>state</c>: Kombo's job statuses plus our DELETED.</summary>
public enum JobState
{
    Open,
    Closed,
    Draft,
    Archived,
    Deleted,
}
