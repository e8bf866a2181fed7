using OrleansKombo.Jobs;

namespace OrleansKombo.Grains.Jobs;

/// <summary>What the one job-state rule (migration 0600) makes of an observed job.</summary>
/// <param name="IsKomboStatus">Whether the raw status was one of Kombo's job statuses (else it was passed through unmapped).</param>
public sealed record JobVerdict(JobState State, bool Active, bool IsKomboStatus);
