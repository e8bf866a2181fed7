using Npgsql;
using OrleansKombo.Catalog;

namespace OrleansKombo.Grains.Integrations;

/// <summary>
/// The one list of what the purge of a deleted integration removes (<see cref="IntegrationPurge"/>), in the order it removes
/// it, and of the tables with an integration_id it keeps on purpose; a test holds the two lists to every such table in
/// the database, so a new one must be placed in one of them.
/// </summary>
public static class IntegrationPurgeList
{
    /// <summary>One table's rows of the integration; <paramref name="Delete"/> is the statement, with @integration_id.</summary>
    public sealed record Step(string Table, string Delete);

    private static Step ByColumn(string table) => new(table, $"DELETE FROM {table} WHERE integration_id = @integration_id");

    /// <summary>
    /// Everything synced (records and their counts, change feed, reconcile marks, job lifecycles), what was chosen and
    /// linked about its jobs (selection, links to the vendor's jobs), which means nothing without them; its assessment
    /// orders with their invitations (the outbox rows first: they reference the orders) and the orders its trigger rules
    /// placed, with the record of what their results wrote into the ATS: the candidates' names, emails and links go with
    /// them; and its webhooks in the gateway's inbox (Kombo stopped
    /// retrying them long ago, so no repeat needs their stored answers any more).
    /// </summary>
    public static IReadOnlyList<Step> Steps { get; } =
    [
        .. AtsModel.All.Select(m => ByColumn(m.Table)),
        .. new[] { "record_counts", "change_feed", "reconcile_seen", "job_lifecycles", "job_selection_modes", "job_selections", "job_links" }
            .Select(ByColumn),
        new("invitation_outbox", "DELETE FROM invitation_outbox x USING orders o WHERE o.integration_id = @integration_id AND x.order_id = o.id"),
        ByColumn("orders"),
        ByColumn("trigger_orders"),
        ByColumn("ats_write_attempts"),
        ByColumn("webhook_inbox"),
    ];

    /// <summary>
    /// Kept on purpose (besides the integration's own row in integrations, keyed by id, which stays showing deleted_at and
    /// data_purged_at): its pull and sync history (counts, times and Kombo's error codes, no personal data; pruned after
    /// Sync:RetainPullsFor like any other's) and its trigger rules (configuration, no personal data, owned by its trigger grain).
    /// </summary>
    public static IReadOnlyList<string> Kept { get; } = ["integration_pulls", "integration_syncs", "trigger_rules"];

    /// <summary>Runs every step in the caller's transaction.</summary>
    /// <returns>How many rows went.</returns>
    public static async Task<int> PurgeAsync(NpgsqlConnection connection, string integrationId, CancellationToken cancellationToken)
    {
        var purged = 0;
        foreach (var step in Steps)
        {
            await using var command = new NpgsqlCommand(step.Delete, connection);
            command.Parameters.AddWithValue("integration_id", integrationId);
            purged += await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return purged;
    }
}
