namespace OrleansKombo.Triggers;

/// <summary>
/// Which jobs a trigger rule watches: every active job (<see cref="All"/>), the active jobs the customer selected
/// (<see cref="Selected"/>, job_view.selected of issue 13), or the active jobs it lists (<see cref="List"/>).
/// </summary>
public enum TriggerJobsMode
{
    All,
    Selected,
    List,
}
