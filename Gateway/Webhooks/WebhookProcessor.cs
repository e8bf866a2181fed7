using System.Text;
using OrleansKombo.Gateway.Api;
using OrleansKombo.Gateway.Operations;

namespace OrleansKombo.Gateway.Webhooks;

/// <summary>
/// Hands a recorded event to its grain and stores the outcome. The caller holds the inbox row's lease. Grains
/// are idempotent, so an event handed over twice (after a crash between the grain and the inbox) is harmless.
/// </summary>
public sealed class WebhookProcessor(IGrainFactory grains, WebhookInbox inbox, GatewayMetrics metrics, ILogger<WebhookProcessor> logger)
{
    /// <summary>Whether a grain handles this event (<see cref="WebhookRoutes"/>); everything else is recorded and answered 200.</summary>
    public static bool IsRouted(KomboEvent e) => WebhookRoutes.IsRouted(e);

    /// <summary>Delivers the event; the answer is its grain's, or 503 when no grain took it (the row is then FAILED or DEAD).</summary>
    public async Task<WebhookAnswer> ProcessAsync(KomboEvent e, CancellationToken cancellationToken) =>
        (await DeliverAsync(e, cancellationToken)).Answer;

    /// <summary>
    /// Delivers a claimed row read back from the inbox (the sweeper's retries, the dispatcher's deferred rows).
    /// Returns whether the row is finished now (false: FAILED or DEAD, retried or left to an operator).
    /// </summary>
    public async Task<bool> ProcessRowAsync(InboxEntry entry, CancellationToken cancellationToken)
    {
        // Only rows that read fine are ever queued; one that does not (or has no body) was recorded by an older version.
        var reading = entry.Body is null ? null : KomboEventReader.Read(Encoding.UTF8.GetBytes(entry.Body));
        if (reading is not { IsUsable: true })
        {
            // A row answered on receipt keeps the 200 Kombo has; the status tells the operator it was never processed.
            await inbox.CompleteAsync(entry.Id, InboxStatus.Rejected, entry.Answer
                ?? WebhookAnswer.Error(StatusCodes.Status400BadRequest, reading?.Problem ?? "No body is kept, so it cannot be read."), cancellationToken);
            return true;
        }
        if (entry.Attempts > 1)
        {
            logger.LogInformation("Retrying webhook {EventId} ({EventType}), attempt {Attempt}", entry.Id, entry.Type, entry.Attempts);
        }
        return (await DeliverAsync(reading.Event!, cancellationToken)).Taken;
    }

    private async Task<(bool Taken, WebhookAnswer Answer)> DeliverAsync(KomboEvent e, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["EventId"] = e.Id,
            ["EventType"] = e.Type,
            ["IntegrationId"] = e.IntegrationId,
        });
        WebhookAnswer answer;
        try
        {
            answer = await WebhookRoutes.DeliverAsync(grains, e).WaitAsync(ClusterCall.Timeout, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Webhook {EventId} ({EventType}) could not be handed to its grain; will retry: {Error}",
                e.Id, e.Type, error.Message);
            metrics.WebhookFailed(e.Type);
            if (await inbox.FailAsync(e.Id, $"{error.GetType().Name}: {error.Message}", cancellationToken))
            {
                logger.LogError("Webhook {EventId} ({EventType}) is DEAD: no grain took it in {Attempts} attempts; an operator may replay it",
                    e.Id, e.Type, WebhookInbox.MaxAttempts);
            }
            return (false, WebhookAnswer.Error(StatusCodes.Status503ServiceUnavailable,
                "The event is recorded but the cluster could not take it now; it will be processed, and a retry gets the answer."));
        }

        await inbox.CompleteAsync(e.Id, InboxStatus.Processed, answer, cancellationToken);
        metrics.WebhookProcessed(e.Type, answer.Status);
        return (true, answer);
    }
}
