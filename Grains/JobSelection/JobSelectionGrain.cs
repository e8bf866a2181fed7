using Microsoft.Extensions.Logging;
using OrleansKombo.JobSelection;

namespace OrleansKombo.Grains.JobSelection;

/// <summary>
/// One integration's job selection. Its state is the two tables <see cref="JobSelectionStore"/> writes (nothing is kept
/// in memory), so any activation carries on; one per integration, so two changes never interleave.
/// </summary>
public sealed class JobSelectionGrain(JobSelectionStore store, ILogger<JobSelectionGrain> logger) : Grain, IJobSelectionGrain
{
    private string IntegrationId => this.GetPrimaryKeyString();

    public async Task<JobSelectionAnswer> Replace(JobSelectionMode mode, IReadOnlyList<string> jobIds)
    {
        if (JobSelectionRules.Problems(jobIds) is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(jobIds));
        }
        var answer = await store.ReplaceAsync(IntegrationId, mode, jobIds, CancellationToken.None);
        if (!answer.Refused)
        {
            logger.LogInformation("Job selection of integration {IntegrationId}: {Mode} with {Count} chosen jobs", IntegrationId, mode, jobIds.Count);
        }
        return answer;
    }

    public Task<JobSelectionAnswer> Choose(string jobId, bool chosen) => store.ChooseAsync(IntegrationId, jobId, chosen, CancellationToken.None);
}
