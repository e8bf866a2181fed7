using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using OrleansKombo.Assessment;
using OrleansKombo.Gateway.Hosting;
using OrleansKombo.Gateway.Webhooks;
using OrleansKombo.Integrations;
using OrleansKombo.Orders;

namespace OrleansKombo.Gateway.Operations;

/// <summary>
/// Gauges of the whole service computed from the read models every <c>Gateway:MetricsRefreshInterval</c>: integrations
/// by state and health, how far behind the integrations are (the worst and the 95th percentile, never one series per
/// integration), orders, write-backs, invitations, the webhook inbox and the active silos. The gateway reads
/// PostgreSQL and owns the inbox, so it measures them; every gateway reports the same values, so alerts take max().
/// A scrape reads the last snapshot and never waits for PostgreSQL.
/// </summary>
public sealed class ReadModelMetrics : BackgroundService
{
    public const string MeterName = "OrleansKombo.ReadModels";

    /// <summary>Invitations still to resolve; SENT and CANCELLED only grow and say nothing about a bad day.</summary>
    private static readonly string[] OpenInvitations =
        [InvitationStatus.Pending, InvitationStatus.Sending, InvitationStatus.InDoubt, InvitationStatus.Failed];

    /// <summary>Inbox rows waiting for their grain and dead letters; finished rows are history, kept for days.</summary>
    private static readonly string[] WatchedInbox = [.. InboxStatus.Unfinished, InboxStatus.Dead];

    private static readonly string[] OrderStatuses = [.. Enum.GetValues<OrderStatus>().Select(KomboJson.Name)];

    private static readonly string[] WatchedWriteBacks = [KomboJson.Name(WriteStatus.Pending), KomboJson.Name(WriteStatus.Failed)];

    private readonly NpgsqlDataSource _dataSource;
    private readonly ClusterOptions _cluster;
    private readonly TimeSpan _interval;
    private readonly ILogger<ReadModelMetrics> _logger;
    private volatile ReadModelSnapshot _snapshot = ReadModelSnapshot.Empty;

    public ReadModelMetrics(NpgsqlDataSource dataSource, IOptions<ClusterOptions> cluster, GatewaySettings settings, IMeterFactory meters,
        ILogger<ReadModelMetrics> logger)
    {
        _dataSource = dataSource;
        _cluster = cluster.Value;
        _interval = settings.MetricsRefreshInterval;
        _logger = logger;
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("kombo_integrations", () => _snapshot.Integrations.Select(i =>
                new Measurement<long>(i.Count, new("state", i.State), new("health", i.Health), new("setup", i.Setup))),
            "{integration}", "Integrations by state, health and setup");
        meter.CreateObservableGauge("kombo_integration_lag_worst", () => Seconds(_snapshot.LagWorstSeconds), "s",
            "The longest time since an ACTIVE integration's last successful pull (from its watermark)");
        meter.CreateObservableGauge("kombo_integration_lag_p95", () => Seconds(_snapshot.LagP95Seconds), "s",
            "The 95th percentile across ACTIVE integrations of the time since their last successful pull (from the watermark)");
        meter.CreateObservableGauge("kombo_orders", () => Counts(_snapshot.Orders), "{order}", "Assessment orders by status");
        meter.CreateObservableGauge("kombo_orders_flagged", () => _snapshot.FlaggedOrders, "{order}",
            "Orders reconciliation found in Kombo and did not take: an operator follows up");
        meter.CreateObservableGauge("kombo_write_backs", () => Counts(_snapshot.WriteBacks), "{order}",
            "Result write-backs to Kombo waiting (PENDING) or given up (FAILED: an operator retries)");
        meter.CreateObservableGauge("kombo_invitations", () => Counts(_snapshot.Invitations), "{invitation}",
            "Invitations in the outbox not yet settled: PENDING and SENDING (the outbox depth), IN_DOUBT, FAILED");
        meter.CreateObservableGauge("kombo_webhook_inbox", () => Counts(_snapshot.Inbox), "{event}",
            "Webhook inbox rows waiting for their grain (RECEIVED, FAILED: the inbox depth) and dead letters (DEAD)");
        meter.CreateObservableGauge("kombo_silos_active", () => _snapshot.ActiveSilos, "{silo}",
            "Silos of this cluster the membership table says are active");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            do
            {
                try
                {
                    _snapshot = await ReadAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // The last snapshot stays; the readiness check already reports PostgreSQL being away.
                    _logger.LogWarning("Metrics: the read models could not be read ({Error}); the last values stay", e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The gateway stops.
        }
    }

    /// <summary>One batch, one round trip; every statement is bounded by an index or a small GROUP BY.</summary>
    public async Task<ReadModelSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new("SELECT state, health, setup, count(*) FROM integration_status GROUP BY 1, 2, 3"));
        batch.BatchCommands.Add(Command("""
            SELECT max(lag), percentile_cont(0.95) WITHIN GROUP (ORDER BY lag)
              FROM (SELECT extract(epoch FROM now() - watermark)::float8 AS lag
                      FROM integration_status WHERE state = @active AND deleted_at IS NULL AND watermark IS NOT NULL) l
            """, ("active", KomboJson.Name(IntegrationLifecycle.Active))));
        batch.BatchCommands.Add(new("SELECT status, count(*) FROM order_view GROUP BY 1"));
        batch.BatchCommands.Add(new("SELECT count(*) FROM order_view WHERE flagged"));
        // The write-back's status is the orders table's read-model column, written with the order grain's state.
        batch.BatchCommands.Add(Command("SELECT write_back_status, count(*) FROM orders WHERE write_back_status = ANY(@statuses) GROUP BY 1",
            ("statuses", WatchedWriteBacks)));
        batch.BatchCommands.Add(Command("SELECT status, count(*) FROM invitation_outbox WHERE service_id = @service AND status = ANY(@statuses) GROUP BY 1",
            ("service", _cluster.ServiceId), ("statuses", OpenInvitations)));
        batch.BatchCommands.Add(Command("SELECT status, count(*) FROM webhook_inbox WHERE service_id = @service AND status = ANY(@statuses) GROUP BY 1",
            ("service", _cluster.ServiceId), ("statuses", WatchedInbox)));
        // Orleans' SiloStatus.Active is 3.
        batch.BatchCommands.Add(Command("SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = @cluster AND status = 3",
            ("cluster", _cluster.ClusterId)));

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var integrations = new List<(string, string, string, long)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            integrations.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3)));
        }
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        double? worst = reader.IsDBNull(0) ? null : reader.GetDouble(0);
        double? p95 = reader.IsDBNull(1) ? null : reader.GetDouble(1);
        await reader.NextResultAsync(cancellationToken);
        var orders = await CountsAsync(reader, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var flagged = await SingleAsync(reader, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var writeBacks = await CountsAsync(reader, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var invitations = await CountsAsync(reader, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var inbox = await CountsAsync(reader, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var silos = await SingleAsync(reader, cancellationToken);

        return new ReadModelSnapshot(integrations, worst, p95, Complete(orders, OrderStatuses), flagged,
            Complete(writeBacks, WatchedWriteBacks), Complete(invitations, OpenInvitations), Complete(inbox, WatchedInbox), silos);
    }

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command;
    }

    private static async Task<List<(string, long)>> CountsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var counts = new List<(string, long)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add((reader.GetString(0), reader.GetInt64(1)));
        }
        return counts;
    }

    private static async Task<long> SingleAsync(NpgsqlDataReader reader, CancellationToken cancellationToken) =>
        await reader.ReadAsync(cancellationToken) ? reader.GetInt64(0) : 0;

    /// <summary>Every watched status has a series, 0 when no row has it, so an alert on it is not "no data".</summary>
    private static List<(string Status, long Count)> Complete(List<(string Status, long Count)> counts, string[] statuses) =>
        [.. statuses.Select(s => (s, counts.FirstOrDefault(c => c.Status == s).Count))];

    private static IEnumerable<Measurement<long>> Counts(IReadOnlyList<(string Status, long Count)> counts) =>
        counts.Select(c => new Measurement<long>(c.Count, new KeyValuePair<string, object?>("status", c.Status)));

    private static IEnumerable<Measurement<double>> Seconds(double? value) =>
        value is { } v ? [new Measurement<double>(v)] : [];
}
