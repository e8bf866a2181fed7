using Microsoft.Extensions.Logging;
using Npgsql;
using OrleansKombo.Grains.Sync;

namespace OrleansKombo.Grains.Integrations;

/// <summary>
/// The integration's change-feed entries older than <c>Sync:RetainChangesFor</c> are dropped, a bounded batch at a time
/// (<see cref="RecordStore.TrimChangeFeedAsync"/>): one batch with every finished pull (<see cref="PullRun"/>), and up to
/// <see cref="MaxBatchesPerTick"/> on each reminder tick, which also reaches an integration that is not pulled (inactive,
/// gone, failing), so no entry outlives the setting by much more than a tick.
/// </summary>
/// <param name="stopping">Cancelled when the grain deactivates.</param>
public sealed class ChangeFeedRetention(
    string integrationId,
    IntegrationStateKeeper state,
    RecordStore records,
    NpgsqlDataSource dataSource,
    SyncOptions options,
    TimeProvider clock,
    ILogger logger,
    CancellationToken stopping)
{
    /// <summary>Entries one statement drops at most: a few tens of milliseconds, so no lock is held long.</summary>
    public const int Batch = 5_000;

    /// <summary>Batches per tick: a backlog (the first month's full read ageing out at once) drains over a few ticks.</summary>
    public const int MaxBatchesPerTick = 20;

    private Task? _trim;

    /// <summary>The trim under way, which deactivation waits for.</summary>
    public Task? Running => _trim;

    /// <summary>The entries older than this may go.</summary>
    public DateTimeOffset Cutoff => clock.GetUtcNow() - options.RetainChangesFor;

    /// <summary>Starts a trim in the background unless one is running.</summary>
    public void WhenDue()
    {
        if (_trim is { IsCompleted: false })
        {
            return;
        }
        _trim = TrimAsync();
    }

    private async Task TrimAsync()
    {
        var dropped = 0;
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(stopping);
            for (var batch = 0; batch < MaxBatchesPerTick; batch++)
            {
                var count = await records.TrimChangeFeedAsync(connection, integrationId, Cutoff, state.State.ChangesNotifiedThroughSeq, Batch, stopping);
                dropped += count;
                if (count < Batch)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Deactivating: the next activation's tick goes on.
        }
        catch (Exception error)
        {
            logger.LogWarning("Integration {IntegrationId}: could not drop old change-feed entries ({Error}); the next tick tries again",
                integrationId, error.Message);
        }
        if (dropped > 0)
        {
            logger.LogInformation("Integration {IntegrationId}: dropped {Count} change-feed entries older than {RetainFor}",
                integrationId, dropped, options.RetainChangesFor);
        }
    }
}
