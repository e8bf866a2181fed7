using System.Globalization;
using OrleansKombo.JobLinks;

namespace OrleansKombo.Grains.JobLinks;

/// <summary>
/// The one rule for linking a vendor job to an ATS job (Kombo's syncing guide, "Match jobs in your database to ATS
/// jobs"): pure, so it is tested without PostgreSQL; <see cref="JobLinkStore"/> gathers its facts.
/// <list type="number">
/// <item>A link a human confirmed stays: a new post of the job never replaces it with a guess.</item>
/// <item>Then each exact key in turn, remote_id → job_code → post URL (<see cref="JobLinkKeys.InOrder"/>): the first the
/// vendor job has and some ATS job shares decides. One job has it (or one live job, beside deleted ones): LINKED on that
/// key, also when that job is closed or deleted (the link then shows it). Several live jobs share it: NEEDS_CONFIRMATION
/// with them as candidates (score 1), because a key that is not unique proves nothing.</item>
/// <item>No key matched: the open jobs whose titles are closest (similarity at least <see cref="SimilarityThreshold"/>,
/// the best <see cref="MaxCandidates"/>) are NEEDS_CONFIRMATION; nothing is linked on a title alone. None: NO_MATCH.</item>
/// </list>
/// An automatic link is derived afresh from every post (the vendor's data decides); same data, same link.
/// </summary>
public static class JobMatcher
{
    /// <summary>
    /// The least pg_trgm similarity (of job_title_key, migration 0800) at which an open job is offered. Chosen from the
    /// job-search benchmark's matching part on the sandbox's near-duplicate titles (README, "Choosing and matching jobs";
    /// 2026-11-30, 300 jobs, seed 1313): a reworded title scores at least 0.75 against its own job, a role the ATS does not
    /// have at most 0.22 against any open job (p95 0.10). 0.35 sits between with room on both sides, a little above
    /// pg_trgm's default of 0.3. Other open jobs score as high as the true one (min 0.65, median 1.00: "Sr. Backend
    /// Engineer" and "Senior Backend Engineer – Berlin" are one title to a trigram), which is why a title never links.
    /// </summary>
    public const double SimilarityThreshold = 0.35;

    /// <summary>Candidates offered per vendor job.</summary>
    public const int MaxCandidates = 5;

    public static JobLinkDecision Decide(VendorJob job, MatchFacts facts, StoredLink? stored)
    {
        if (stored is { Confirmed: true })
        {
            return new JobLinkDecision(JobLinkStatus.Linked, stored.JobId, null, [], null, stored.ConfirmedAt);
        }
        foreach (var key in JobLinkKeys.InOrder)
        {
            if (JobLinkKeys.ValueOf(job, key) is null || facts.HitsOn(key) is not { Count: > 0 } hits)
            {
                continue;
            }
            var live = hits.Where(h => !h.Deleted).ToList();
            var pool = live.Count > 0 ? live : hits.ToList();
            if (pool.Count == 1)
            {
                return new JobLinkDecision(JobLinkStatus.Linked, pool[0].JobId, key, [], null);
            }
            return new JobLinkDecision(JobLinkStatus.NeedsConfirmation, null, null,
                [.. pool.OrderBy(h => h.JobId, StringComparer.Ordinal).Take(MaxCandidates).Select(h => new JobCandidate(h.JobId, h.Name, 1))],
                $"{pool.Count} jobs have this {JobLinkKeys.Name(key)}; confirm which one.");
        }
        var similar = facts.Similar
            .Where(c => c.Score >= SimilarityThreshold)
            .OrderByDescending(c => c.Score).ThenBy(c => c.JobId, StringComparer.Ordinal)
            .Take(MaxCandidates)
            .ToList();
        var keys = string.Join(", ", JobLinkKeys.InOrder.Where(k => JobLinkKeys.ValueOf(job, k) is not null).Select(JobLinkKeys.Name));
        var noKey = keys.Length == 0 ? "No remote_id, job_code or post_url was given" : $"No job has this {keys}";
        return similar.Count > 0
            ? new JobLinkDecision(JobLinkStatus.NeedsConfirmation, null, null, similar,
                $"{noKey}; the closest open titles need a human to confirm one.")
            : new JobLinkDecision(JobLinkStatus.NoMatch, null, null, [],
                $"{noKey}, and no open job's title is close (similarity below {SimilarityThreshold.ToString(CultureInfo.InvariantCulture)}).");
    }
}
