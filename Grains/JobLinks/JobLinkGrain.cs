using Microsoft.Extensions.Logging;
using OrleansKombo.JobLinks;

namespace OrleansKombo.Grains.JobLinks;

/// <summary>
/// Links one integration's vendor jobs to its ATS jobs. Each call is one transaction: the stored links and the facts are
/// read, <see cref="JobMatcher"/> decides every job, and the links are written; the grain keeps no state of its own
/// (job_links is the state), so any activation on any silo carries on. Being one per integration and not reentrant,
/// it applies two calls about the same vendor job one after the other.
/// </summary>
public sealed class JobLinkGrain(JobLinkStore store, ILogger<JobLinkGrain> logger) : Grain, IJobLinkGrain
{
    private string IntegrationId => this.GetPrimaryKeyString();

    public async Task Link(IReadOnlyList<VendorJob> jobs)
    {
        if (VendorJobRules.Problems(jobs) is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(jobs));
        }
        var cancellationToken = CancellationToken.None;
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var stored = await store.ReadStoredAsync(connection, IntegrationId, jobs, cancellationToken);
        // Titles are compared only where no human's link stands and no key decides: a key that some job has decides.
        var facts = await store.ReadFactsAsync(connection, IntegrationId, jobs,
            (i, exact) => !(stored.GetValueOrDefault(jobs[i].VendorJobId)?.Confirmed ?? false)
                && !JobLinkKeys.InOrder.Any(k => JobLinkKeys.ValueOf(jobs[i], k) is not null && exact.HitsOn(k).Count > 0),
            cancellationToken);
        var links = jobs.Select((job, i) => (job, JobMatcher.Decide(job, facts[i], stored.GetValueOrDefault(job.VendorJobId)))).ToList();
        await store.WriteAsync(connection, IntegrationId, links, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        logger.LogInformation("Matched {Count} vendor jobs of integration {IntegrationId}: {Linked} linked, {Open} need confirmation, {None} no match",
            links.Count, IntegrationId, links.Count(l => l.Item2.Status == JobLinkStatus.Linked),
            links.Count(l => l.Item2.Status == JobLinkStatus.NeedsConfirmation), links.Count(l => l.Item2.Status == JobLinkStatus.NoMatch));
    }

    public async Task<JobLinkAnswer> Confirm(string vendorJobId, string jobId)
    {
        var answer = await store.ConfirmAsync(IntegrationId, vendorJobId, jobId, CancellationToken.None);
        if (answer.Outcome == JobLinkOutcome.Done)
        {
            logger.LogInformation("Vendor job {VendorJobId} of integration {IntegrationId} confirmed as job {JobId}", vendorJobId, IntegrationId, jobId);
        }
        return answer;
    }

    public Task<JobLinkAnswer> Unlink(string vendorJobId) => store.DeleteAsync(IntegrationId, vendorJobId, CancellationToken.None);
}
