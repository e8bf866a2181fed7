using System.Text;
using OrleansKombo.Gateway.Hosting;

namespace OrleansKombo.Gateway.Webhooks;

/// <summary>
/// Retries inbox rows whose processing failed or whose holder died, with the backoff the inbox schedules, until
/// their grain takes them or they are DEAD (WebhookInbox.MaxAttempts). Every gateway runs one; leases keep them from
/// processing a row twice at once.
/// </summary>
public sealed class InboxSweeper(WebhookInbox inbox, WebhookProcessor processor, GatewaySettings settings, ILogger<InboxSweeper> logger)
    : BackgroundService
{
    /// <summary>
    /// Rows of a batch are retried all at once, so the whole batch is done within one grain timeout, well inside
    /// the leases it was claimed with.
    /// </summary>
    private const int Batch = 16;

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
                var due = await inbox.ClaimDueAsync(Batch, stoppingToken);
                claimed = due.Count;
                await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Batch, CancellationToken = stoppingToken },
                    RetryAsync);
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

    private async ValueTask RetryAsync(InboxEntry entry, CancellationToken cancellationToken)
    {
        // Only rows that read fine are ever queued; one that does not (or has no body) was recorded by an older version.
        var reading = entry.Body is null ? null : KomboEventReader.Read(Encoding.UTF8.GetBytes(entry.Body));
        if (reading is not { IsUsable: true })
        {
            await inbox.CompleteAsync(entry.Id, InboxStatus.Rejected,
                WebhookAnswer.Error(StatusCodes.Status400BadRequest, reading?.Problem ?? "No body is kept, so it cannot be read."), cancellationToken);
            return;
        }
        logger.LogInformation("Retrying webhook {EventId} ({EventType}), attempt {Attempt}", entry.Id, entry.Type, entry.Attempts);
        await processor.ProcessAsync(reading.Event!, cancellationToken);
    }
}
