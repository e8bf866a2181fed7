namespace OrleansKombo.Gateway.Webhooks;

/// <summary>
/// Applies <see cref="WebhookRetention"/> to this service's inbox: every <c>Webhooks:PurgeEvery</c>, bodies older than
/// <c>RetainBodiesFor</c> are dropped, then rows older than <c>RetainIdsFor</c> are deleted, in batches of
/// <see cref="Batch"/> rows (one short statement each, so the inbox's writers never wait long) and at most
/// <see cref="BatchesPerRun"/> batches of each per run; a backlog is worked off over the following runs. Unfinished rows
/// are never touched. Every gateway runs one; locked rows are skipped, so two never block each other.
/// </summary>
public sealed class InboxPurger(WebhookInbox inbox, WebhookRetention retention, ILogger<InboxPurger> logger) : BackgroundService
{
    public const int Batch = 1000;

    public const int BatchesPerRun = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(retention.PurgeEvery);
        try
        {
            do
            {
                await RunAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var bodies = await PurgeAsync(inbox.PurgeBodiesAsync, retention.RetainBodiesFor, cancellationToken);
            var rows = await PurgeAsync(inbox.PurgeRowsAsync, retention.RetainIdsFor, cancellationToken);
            if (bodies + rows > 0)
            {
                logger.LogInformation("Webhook inbox purged: {Bodies} bodies older than {RetainBodiesFor}, {Rows} rows older than {RetainIdsFor}",
                    bodies, retention.RetainBodiesFor, rows, retention.RetainIdsFor);
            }
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Webhook inbox purge failed, trying again in {PurgeEvery}: {Error}", retention.PurgeEvery, error.Message);
        }
    }

    private static async Task<int> PurgeAsync(Func<TimeSpan, int, CancellationToken, Task<int>> purge, TimeSpan olderThan,
        CancellationToken cancellationToken)
    {
        var total = 0;
        for (var batch = 0; batch < BatchesPerRun; batch++)
        {
            var purged = await purge(olderThan, Batch, cancellationToken);
            total += purged;
            if (purged < Batch)
            {
                break;
            }
        }
        return total;
    }
}
