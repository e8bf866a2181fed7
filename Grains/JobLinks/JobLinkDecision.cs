using OrleansKombo.JobLinks;

namespace OrleansKombo.Grains.JobLinks;

/// <summary>
/// What a vendor job's link becomes. <see cref="ConfirmedAt"/> is set only for a human's link kept as it was (its job and
/// the time it was confirmed); only the vendor's fields change then.
/// </summary>
public sealed record JobLinkDecision(
    JobLinkStatus Status,
    string? JobId,
    JobLinkKey? MatchedOn,
    IReadOnlyList<JobCandidate> Candidates,
    string? Note,
    DateTimeOffset? ConfirmedAt = null);
