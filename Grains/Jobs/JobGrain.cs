using Microsoft.Extensions.Logging;
using Orleans.Storage;
using OrleansKombo.Jobs;

namespace OrleansKombo.Grains.Jobs;

public sealed class JobGrain(JobLifecycleStore store, ILogger<JobGrain> logger) : Grain, IJobGrain
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
        var state = StateOf(observation);
        if (_lifecycle?.State == state)
        {
            return;
        }

        var active = state == JobState.Open;
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
    }

    /// <summary>Deleted wins; otherwise Kombo's status. A raw status Kombo could not map is treated as not open.</summary>
    private JobState StateOf(JobObservation observation)
    {
        if (observation.RemoteDeletedAt is not null)
        {
            return JobState.Deleted;
        }
        if (observation.Status is { } status && Enum.TryParse<JobState>(status, ignoreCase: true, out var parsed) && parsed != JobState.Deleted)
        {
            return parsed;
        }
        logger.LogInformation("Job {JobId} of integration {IntegrationId} has status '{Status}', which Kombo could not map; treating it as closed",
            _jobId, _integrationId, observation.Status);
        return JobState.Closed;
    }
}
