using CsCheck;
using OrleansKombo.Grains.JobLinks;
using OrleansKombo.JobLinks;

namespace OrleansKombo.UnitTests.JobLinks;

/// <summary>
/// The matching order (remote_id → job_code → post URL → titles) and what makes a link: a unique key links, a shared key
/// or a title only offers candidates, a human's link stays.
/// </summary>
public sealed class JobMatcherTests
{
    private static readonly VendorJob Full = new("v-1", "Senior Backend Engineer", "ENG-1", "https://jobs.example.com/1", "1001");

    private static MatchFacts Facts(
        IReadOnlyList<JobHit>? remoteId = null, IReadOnlyList<JobHit>? jobCode = null, IReadOnlyList<JobHit>? postUrl = null,
        IReadOnlyList<JobCandidate>? similar = null) =>
        new(new Dictionary<JobLinkKey, IReadOnlyList<JobHit>>
        {
            [JobLinkKey.RemoteId] = remoteId ?? [],
            [JobLinkKey.JobCode] = jobCode ?? [],
            [JobLinkKey.PostUrl] = postUrl ?? [],
        }, similar ?? []);

    private static JobHit Hit(string id, bool deleted = false) => new(id, "Job " + id, deleted);

    [Fact]
    public void Keys_are_tried_in_order_remote_id_then_job_code_then_post_url_and_the_first_that_hits_links()
    {
        var all = Facts(remoteId: [Hit("by-remote-id")], jobCode: [Hit("by-code")], postUrl: [Hit("by-url")], similar: [new("by-title", "t", 1)]);
        Assert.Equal(("by-remote-id", JobLinkKey.RemoteId), Linked(JobMatcher.Decide(Full, all, null)));

        var noRemote = Facts(jobCode: [Hit("by-code")], postUrl: [Hit("by-url")], similar: [new("by-title", "t", 1)]);
        Assert.Equal(("by-code", JobLinkKey.JobCode), Linked(JobMatcher.Decide(Full, noRemote, null)));

        var onlyUrl = Facts(postUrl: [Hit("by-url")], similar: [new("by-title", "t", 1)]);
        Assert.Equal(("by-url", JobLinkKey.PostUrl), Linked(JobMatcher.Decide(Full, onlyUrl, null)));
    }

    [Fact]
    public void A_key_the_vendor_job_does_not_have_is_never_used_even_if_facts_name_jobs_for_it()
    {
        var job = Full with { RemoteId = null, JobCode = " " };

        var decision = JobMatcher.Decide(job, Facts(remoteId: [Hit("a")], jobCode: [Hit("b")], postUrl: [Hit("c")]), null);

        Assert.Equal(("c", JobLinkKey.PostUrl), Linked(decision));
    }

    [Fact]
    public void A_key_several_live_jobs_share_needs_confirmation_with_those_jobs_as_candidates()
    {
        var decision = JobMatcher.Decide(Full, Facts(jobCode: [Hit("b"), Hit("a")], postUrl: [Hit("c")]), null);

        Assert.Equal(JobLinkStatus.NeedsConfirmation, decision.Status);
        Assert.Null(decision.JobId);
        Assert.Equal(["a", "b"], decision.Candidates.Select(c => c.JobId));
        Assert.All(decision.Candidates, c => Assert.Equal(1, c.Score));
        Assert.Contains("2 jobs have this job_code", decision.Note);
    }

    [Fact]
    public void The_one_live_job_wins_over_deleted_ones_with_the_same_key_and_a_deleted_job_alone_is_still_linked()
    {
        var reposted = JobMatcher.Decide(Full, Facts(remoteId: [Hit("new"), Hit("old", deleted: true)]), null);
        Assert.Equal(("new", JobLinkKey.RemoteId), Linked(reposted));

        var gone = JobMatcher.Decide(Full, Facts(remoteId: [Hit("old", deleted: true)]), null);
        Assert.Equal(("old", JobLinkKey.RemoteId), Linked(gone));

        var twoGone = JobMatcher.Decide(Full, Facts(remoteId: [Hit("old-1", deleted: true), Hit("old-2", deleted: true)]), null);
        Assert.Equal(JobLinkStatus.NeedsConfirmation, twoGone.Status);
    }

    [Fact]
    public void Without_a_key_match_close_titles_need_confirmation_best_first_and_at_most_five()
    {
        var similar = Enumerable.Range(1, 7).Select(i => new JobCandidate($"job-{i}", $"Title {i}", 0.4 + i * 0.05)).ToList();

        var decision = JobMatcher.Decide(Full, Facts(similar: similar), null);

        Assert.Equal(JobLinkStatus.NeedsConfirmation, decision.Status);
        Assert.Null(decision.JobId);
        Assert.Null(decision.MatchedOn);
        Assert.Equal(["job-7", "job-6", "job-5", "job-4", "job-3"], decision.Candidates.Select(c => c.JobId));
        Assert.Contains("No job has this remote_id, job_code, post_url", decision.Note);
    }

    [Fact]
    public void Titles_below_the_threshold_or_no_titles_at_all_are_no_match()
    {
        var below = JobMatcher.Decide(Full, Facts(similar: [new("far", "Far", JobMatcher.SimilarityThreshold - 0.01)]), null);
        Assert.Equal((JobLinkStatus.NoMatch, 0), (below.Status, below.Candidates.Count));

        var none = JobMatcher.Decide(new VendorJob("v-2", "Barista", null, null, null), Facts(), null);
        Assert.Equal(JobLinkStatus.NoMatch, none.Status);
        Assert.StartsWith("No remote_id, job_code or post_url was given", none.Note);

        var at = JobMatcher.Decide(Full, Facts(similar: [new("near", "Near", JobMatcher.SimilarityThreshold)]), null);
        Assert.Equal(JobLinkStatus.NeedsConfirmation, at.Status);
    }

    [Fact]
    public void A_confirmed_link_stays_whatever_a_new_post_says_and_an_automatic_one_follows_the_data()
    {
        var confirmedAt = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        var confirmed = new StoredLink(JobLinkStatus.Linked, "human-choice", confirmedAt);

        var kept = JobMatcher.Decide(Full, Facts(remoteId: [Hit("other")], similar: [new("guess", "Guess", 0.99)]), confirmed);
        Assert.Equal((JobLinkStatus.Linked, "human-choice", (JobLinkKey?)null, (DateTimeOffset?)confirmedAt),
            (kept.Status, kept.JobId, kept.MatchedOn, kept.ConfirmedAt));

        var automatic = new StoredLink(JobLinkStatus.Linked, "old", null);
        var moved = JobMatcher.Decide(Full, Facts(jobCode: [Hit("new")]), automatic);
        Assert.Equal(("new", JobLinkKey.JobCode), Linked(moved));
        Assert.Null(moved.ConfirmedAt);
    }

    /// <summary>Whatever the facts: only an exact key links, never a title; the first key with hits decides; same facts, same decision.</summary>
    [Fact]
    public void Only_a_key_ever_links_and_the_first_key_with_hits_decides_for_any_facts()
    {
        var ids = Gen.Int[1, 4].Select(i => $"job-{i}");
        var hits = Gen.Select(ids, Gen.Bool).Select((id, deleted) => new JobHit(id, id, deleted)).List[0, 3]
            .Select(l => (IReadOnlyList<JobHit>)l.DistinctBy(h => h.JobId).ToList());
        var similar = Gen.Select(ids, Gen.Double[0, 1]).Select((id, score) => new JobCandidate(id, id, Math.Round(score, 3))).List[0, 7]
            .Select(l => (IReadOnlyList<JobCandidate>)l.DistinctBy(c => c.JobId).ToList());
        var optional = Gen.OneOf<string?>(null, "", "x");
        var vendor = Gen.Select(optional, optional, optional).Select((code, url, remote) => new VendorJob("v", "Title", code, url, remote));

        Gen.Select(vendor, hits, hits, hits, similar).Sample((job, byRemote, byCode, byUrl, titles) =>
        {
            var facts = Facts(byRemote, byCode, byUrl, titles);
            var decision = JobMatcher.Decide(job, facts, null);

            var first = JobLinkKeys.InOrder.FirstOrDefault(k => JobLinkKeys.ValueOf(job, k) is not null && facts.HitsOn(k).Count > 0);
            var firstHits = JobLinkKeys.InOrder.Contains(first) && JobLinkKeys.ValueOf(job, first) is not null ? facts.HitsOn(first) : [];
            if (decision.Status == JobLinkStatus.Linked)
            {
                Assert.Equal(first, decision.MatchedOn);
                Assert.Contains(decision.JobId, firstHits.Select(h => h.JobId));
            }
            else
            {
                Assert.Null(decision.JobId);
                Assert.Null(decision.MatchedOn);
                Assert.True(decision.Candidates.Count <= JobMatcher.MaxCandidates);
            }
            if (firstHits.Count == 0)
            {
                Assert.NotEqual(JobLinkStatus.Linked, decision.Status);
                Assert.Equal(titles.Any(t => t.Score >= JobMatcher.SimilarityThreshold), decision.Status == JobLinkStatus.NeedsConfirmation);
            }
            Assert.Equal(decision with { Candidates = [] }, JobMatcher.Decide(job, facts, null) with { Candidates = [] });
        }, iter: 2_000);
    }

    private static (string?, JobLinkKey?) Linked(JobLinkDecision decision)
    {
        Assert.Equal(JobLinkStatus.Linked, decision.Status);
        Assert.Empty(decision.Candidates);
        return (decision.JobId, decision.MatchedOn);
    }
}
