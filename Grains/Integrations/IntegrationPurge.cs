using Microsoft.Extensions.Logging;

namespace OrleansKombo.Grains.Integrations;

/// <summary>
/// A deleted integration's data is personal data we no longer need: its synced data (records, change feed, job
/// lifecycles), its assessment orders with their invitations, and its webhooks in the inbox go
/// <c>Sync:RetainDeletedFor</c> after Kombo's deleted_at (as Kombo anonymises 14 days after a deletion), once, in one
/// transaction. What goes, and what stays, is <see cref="IntegrationPurgeList"/>. The integration's row stays, saying when.
/// </summary>
/// <param name="purged">What the grain does once the data is gone (its reminder is no longer needed).</param>
/// <param name="stopping">Cancelled when the grain deactivates.</param>
public sealed class IntegrationPurge(
    string integrationId,
    IntegrationStateKeeper state,
    IntegrationStateMachine rules,
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
                return await IntegrationPurgeList.PurgeAsync(connection, integrationId, stopping);
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
