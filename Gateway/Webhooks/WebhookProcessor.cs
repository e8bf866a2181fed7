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

    public async Task<WebhookAnswer> ProcessAsync(KomboEvent e, CancellationToken cancellationToken)
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
            return WebhookAnswer.Error(StatusCodes.Status503ServiceUnavailable,
                "The event is recorded but the cluster could not take it now; it will be processed, and a retry gets the answer.");
        }

        await inbox.CompleteAsync(e.Id, InboxStatus.Processed, answer, cancellationToken);
        metrics.WebhookProcessed(e.Type, answer.Status);
        return answer;
    }
}
