using System.Text;
using System.Text.Json;
using Npgsql;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Jobs;
using OrleansKombo.Catalog;

namespace OrleansKombo.Grains.Integrations;

/// <summary>
/// Tells job grains about the jobs a pull changed, exactly as far as the change feed says: <see cref="NotifiedThrough"/>
/// is committed with every page, so after a crash between a page's commit and its notifications the feed says what is owed.
/// </summary>
public sealed class JobNotifier(string integrationId, NpgsqlDataSource dataSource, RecordStore records, IGrainFactory grains, TimeProvider clock)
{
    /// <summary>Job grains have been told about every change-feed row up to here.</summary>
    public long NotifiedThrough { get; set; }

    private DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Tells the job grains what the change feed holds beyond <see cref="NotifiedThrough"/>.</summary>
    public async Task NotifyOwedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (jobs, last) = await records.ReadJobChangesAsync(connection, integrationId, NotifiedThrough, cancellationToken);
        await ObserveAsync(jobs.Select(j => (j.Key, (string?)j.Value)));
        NotifiedThrough = Math.Max(NotifiedThrough, last);
    }

    /// <summary>Tells the job grains of the jobs among these changes what they look like now.</summary>
    /// <param name="json">Each changed record's kept JSON by id, or null for a record found gone by a full read.</param>
    public async Task NotifyAsync(IReadOnlyList<RecordChange> changes, Func<string, byte[]?> json)
    {
        var jobs = changes.Where(c => c.Model == AtsModel.Jobs.Name).Select(c => c.RecordId).Distinct().ToList();
        await ObserveAsync(jobs.Select(id => (id, json(id) is { } bytes ? Encoding.UTF8.GetString(bytes) : null)));
        if (changes.Count > 0)
        {
            NotifiedThrough = Math.Max(NotifiedThrough, changes.Max(c => c.Seq));
        }
    }

    /// <param name="jobs">Each job's kept JSON, or null for a job found gone by a full read.</param>
    private Task ObserveAsync(IEnumerable<(string JobId, string? Json)> jobs) => Task.WhenAll(jobs.Select(job =>
    {
        var observation = job.Json is null
            ? new JobObservation(null, Now, Now)
            : Observation(job.Json);
        return grains.GetGrain<IJobGrain>(JobKey.Of(integrationId, job.JobId)).Observe(observation);
    }));

    private JobObservation Observation(string json)
    {
        using var document = JsonDocument.Parse(json);
        var record = document.RootElement;
        return new JobObservation(RecordFields.String(record, "status"), RecordFields.Date(record, "remote_deleted_at"), Now);
    }
}
