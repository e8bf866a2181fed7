using OrleansKombo.Gateway.Hosting;

namespace OrleansKombo.Gateway.Webhooks;

/// <summary>
/// The safety net of the inbox. It retries rows whose processing failed or whose holder died, with the backoff the inbox
/// schedules, until their grain takes them or they are DEAD (WebhookInbox.MaxAttempts); rows answered on receipt it does
/// not deliver itself: it names their integrations to the <see cref="InboxDispatcher"/>, which keeps their order. Every
/// gateway runs one; leases keep them from processing a row twice at once.
/// </summary>
public sealed class InboxSweeper(WebhookInbox inbox, WebhookProcessor processor, InboxDispatcher dispatcher, GatewaySettings settings,
    ILogger<InboxSweeper> logger) : BackgroundService
{
    /// <summary>
    /// Rows of a batch are retried all at once, so the whole batch is done within one grain timeout, well inside
    /// the leases it was claimed with.
    /// </summary>
    private const int Batch = 16;

    /// <summary>Integrations named to the dispatcher per sweep; it claims them as its delivery slots allow.</summary>
    private const int WaitingIntegrations = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                if (await inbox.BuryAbandonedAsync(Batch, stoppingToken) is var buried and > 0)
                {
                    logger.LogError("{Count} webhooks are DEAD: their last attempt never finished; an operator may replay them", buried);
                }
                foreach (var integration in await inbox.FindWaitingIntegrationsAsync(WaitingIntegrations, stoppingToken))
                {
                    dispatcher.Notify(integration);
                }
                var due = await inbox.ClaimDueAsync(Batch, stoppingToken);
                claimed = due.Count;
                await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Batch, CancellationToken = stoppingToken },
                    async (entry, cancellationToken) => await processor.ProcessRowAsync(entry, cancellationToken));
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Inbox sweep failed, trying again shortly: {Error}", error.Message);
            }

            if (claimed < Batch)
            {
                await Task.Delay(settings.WebhookSweepInterval, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }
}
