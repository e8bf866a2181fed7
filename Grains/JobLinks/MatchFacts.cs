using OrleansKombo.JobLinks;

namespace OrleansKombo.Grains.JobLinks;

/// <summary>
/// What our copy of the ATS data says about one vendor job: the jobs having each of its exact keys (live ones first, a
/// handful at most), and the open jobs whose titles are closest (best first, at least the threshold).
/// </summary>
public sealed record MatchFacts(IReadOnlyDictionary<JobLinkKey, IReadOnlyList<JobHit>> Hits, IReadOnlyList<JobCandidate> Similar)
{
    public static MatchFacts None { get; } = new(new Dictionary<JobLinkKey, IReadOnlyList<JobHit>>(), []);

    public IReadOnlyList<JobHit> HitsOn(JobLinkKey key) => Hits.TryGetValue(key, out var hits) ? hits : [];
}
