using System.Text.Json;
using OrleansKombo.Catalog;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Jobs;

namespace OrleansKombo.Grains.Integrations;

/// <summary>Telling job grains about the jobs a pull changed, exactly as far as the change feed says.</summary>
public sealed partial class IntegrationGrain
{
    /// <summary>After a crash between a page's commit and its notifications, the change feed says what is owed.</summary>
    private async Task NotifyOwedJobsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (jobs, last) = await records.ReadJobChangesAsync(connection, Id, _notifiedThrough, cancellationToken);
        await ObserveAsync(jobs.Select(j => (j.Key, (string?)j.Value)));
        _notifiedThrough = Math.Max(_notifiedThrough, last);
    }

    /// <summary>Tells the job grains of the jobs among these changes what they look like now.</summary>
    private async Task NotifyJobsAsync(IReadOnlyList<RecordChange> changes, Func<string, byte[]?> json)
    {
        var jobs = changes.Where(c => c.Model == AtsModel.Jobs.Name).Select(c => c.RecordId).Distinct().ToList();
        await ObserveAsync(jobs.Select(id => (id, json(id) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null)));
        if (changes.Count > 0)
        {
            _notifiedThrough = Math.Max(_notifiedThrough, changes.Max(c => c.Seq));
        }
    }

    /// <param name="jobs">Each job's kept JSON, or null for a job found gone by a full read.</param>
    private Task ObserveAsync(IEnumerable<(string JobId, string? Json)> jobs) => Task.WhenAll(jobs.Select(job =>
    {
        var observation = job.Json is null
            ? new JobObservation(null, Now, Now)
            : Observation(job.Json);
        return GrainFactory.GetGrain<IJobGrain>(JobKey.Of(Id, job.JobId)).Observe(observation);
    }));

    private JobObservation Observation(string json)
    {
        using var document = JsonDocument.Parse(json);
        var record = document.RootElement;
        return new JobObservation(RecordFields.String(record, "status"), RecordFields.Date(record, "remote_deleted_at"), Now);
    }
}
