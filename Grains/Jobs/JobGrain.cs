using Microsoft.Extensions.Logging;
using Orleans.Storage;
using OrleansKombo.Grains.Orders;
using OrleansKombo.Jobs;
using OrleansKombo.Orders;

namespace OrleansKombo.Grains.Jobs;

/// <remarks>
/// Collected after 2 idle minutes instead of Orleans' default age: a pull activates one job grain per job it sees (a
/// first sync of 8,000 jobs left 8,000 activations behind, the silo's managed heap growing with the dataset) and
/// nothing calls them again until a later pull changes their job; each activation loads its row again when it does.
/// </remarks>
[CollectionAgeLimit(Minutes = 2)]
public sealed class JobGrain(JobLifecycleStore store, OrderStore orders, ILogger<JobGrain> logger) : Grain, IJobGrain
{
    /// <summary>Enough history to explain a job's recent life without letting a flapping job grow its row forever.</summary>
    private const int MaxTransitions = 50;

    private string _integrationId = "";
    private string _jobId = "";
    private JobLifecycle? _lifecycle;
    private long _version;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_integrationId, _jobId) = JobKey.Parse(this.GetPrimaryKeyString());
        (_lifecycle, _version) = await store.LoadAsync(_integrationId, _jobId);
    }

    public Task<JobLifecycle?> GetLifecycle() => Task.FromResult(_lifecycle);

    public async Task Observe(JobObservation observation)
    {
        // The rule is PostgreSQL's (job_state, job_active), so the jobs API and the order check can never disagree with us.
        var (state, active, isKomboStatus) = await store.JudgeAsync(observation);
        if (!isKomboStatus && state != JobState.Deleted)
        {
            logger.LogInformation("Job {JobId} of integration {IntegrationId} has status '{Status}', which Kombo could not map; treating it as {State}",
                _jobId, _integrationId, observation.Status, state);
        }
        if (_lifecycle?.State == state)
        {
            return;
        }

        var wasActive = _lifecycle?.Active == true;
        var transition = new JobTransition(_lifecycle?.State, state, active, observation.ObservedAt);
        var next = new JobLifecycle(
            state,
            active,
            observation.ObservedAt,
            state == JobState.Deleted ? observation.RemoteDeletedAt ?? observation.ObservedAt : null,
            [.. (_lifecycle?.Transitions ?? []).TakeLast(MaxTransitions - 1), transition]);
        try
        {
            _version = await store.SaveAsync(_integrationId, _jobId, next, _version);
        }
        catch (InconsistentStateException)
        {
            // Another activation wrote the row: this one's version is stale for good; the next activation loads the truth.
            DeactivateOnIdle();
            throw;
        }
        _lifecycle = next;

        // A first sync sees thousands of jobs for the first time; only real transitions are worth a line each.
        logger.Log(transition.From is null ? LogLevel.Debug : LogLevel.Information,
            "Job {JobId} of integration {IntegrationId}: {From} -> {To} ({Activity})",
            _jobId, _integrationId, transition.From?.ToString() ?? "new", state, active ? "active" : "inactive, no new work");
        if (wasActive && !active)
        {
            await FlagTriggeredOrdersAsync(state);
        }
    }

    /// <summary>Open orders that trigger rules started for this job's applications are flagged for an operator (issue 12).</summary>
    private async Task FlagTriggeredOrdersAsync(JobState state)
    {
        var flagged = 0;
        foreach (var orderId in await orders.OpenTriggeredForJobAsync(_integrationId, _jobId, CancellationToken.None))
        {
            if (await GrainFactory.GetGrain<IOrderGrain>(orderId).JobClosed(KomboJson.Name(state)))
            {
                flagged++;
            }
        }
        if (flagged > 0)
        {
            logger.LogWarning("Job {JobId} of integration {IntegrationId} is {State}: {Count} open triggered orders flagged for an operator",
                _jobId, _integrationId, state, flagged);
        }
    }
}
