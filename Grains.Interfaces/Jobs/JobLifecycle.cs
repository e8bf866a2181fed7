namespace OrleansKombo.Jobs;

/// <summary>
/// A job's lifecycle. Active means open and not deleted: the syncing guide says to stop creating work for a
/// job that is deleted or leaves OPEN, and to start again if it reopens.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record JobLifecycle(
    JobState State,
    bool Active,
    DateTimeOffset Since,
    DateTimeOffset? DeletedAt,
    IReadOnlyList<JobTransition> Transitions);
