using Microsoft.Extensions.Logging;
using OrleansKombo.Grains.Sync;

namespace OrleansKombo.Grains.Integrations;

/// <summary>
/// A deleted integration's synced data (records, change feed, job lifecycles) is personal data we no longer need: it
/// goes <c>Sync:RetainDeletedFor</c> after Kombo's deleted_at, once. The integration's row stays, saying when.
/// </summary>
/// <param name="purged">What the grain does once the data is gone (its reminder is no longer needed).</param>
/// <param name="stopping">Cancelled when the grain deactivates.</param>
public sealed class IntegrationPurge(
    string integrationId,
    IntegrationStateKeeper state,
    IntegrationStateMachine rules,
    RecordStore records,
    TimeProvider clock,
    Func<Task> purged,
    ILogger logger,
    CancellationToken stopping)
{
    private Task? _purge;

    /// <summary>The purge under way, which deactivation waits for.</summary>
    public Task? Running => _purge;

    /// <summary>Starts the purge in the background when it is due and not running.</summary>
    public void WhenDue()
    {
        if (_purge is { IsCompleted: false } || !rules.PurgeDue(state.State))
        {
            return;
        }
        _purge = PurgeAsync(state.State.DeletedAt!.Value);
    }

    private async Task PurgeAsync(DateTimeOffset deletedAt)
    {
        try
        {
            // The commit lock also waits out a page a stopping pull may still be writing (it then fails: no checkpoint).
            var rows = await state.CommitAsync(async (next, connection) =>
            {
                next.DataPurgedAt = clock.GetUtcNow();
                return await records.PurgeIntegrationAsync(connection, integrationId, stopping);
            });
            logger.LogInformation("Integration {IntegrationId}: deleted in Kombo at {DeletedAt}; its synced data is purged ({Rows} rows)",
                integrationId, deletedAt, rows);
            await purged();
        }
        catch (Exception error)
        {
            logger.LogWarning("Integration {IntegrationId}: could not purge the deleted integration's data ({Error}); the reminder tries again",
                integrationId, error.Message);
        }
    }
}
