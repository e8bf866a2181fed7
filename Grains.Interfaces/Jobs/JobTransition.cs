namespace OrleansKombo.Jobs;

/// <summary>One change of a job's lifecycle; <c>From</c> is null for the first one we saw.</summary>
[GenerateSerializer, Immutable]
public sealed record JobTransition(JobState? From, JobState To, bool Active, DateTimeOffset At);
