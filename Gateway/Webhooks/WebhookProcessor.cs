using OrleansKombo.Gateway.Api;
using OrleansKombo.Gateway.Operations;
using OrleansKombo.Integrations;
using OrleansKombo.Orders;
using OrleansKombo.Webhooks;

namespace OrleansKombo.Gateway.Webhooks;

/// <summary>
/// Hands a recorded event to its grain and stores the outcome. The caller holds the inbox row's lease. Grains
/// are idempotent, so an event handed over twice (after a crash between the grain and the inbox) is harmless.
/// </summary>
public sealed class WebhookProcessor(IGrainFactory grains, WebhookInbox inbox, GatewayMetrics metrics, ILogger<WebhookProcessor> logger)
{
    /// <summary>Whether a grain handles this event; everything else is recorded and answered 200.</summary>
    public static bool IsRouted(KomboEvent e) => e.Data is SyncFinished or DataChanged or IntegrationCreated
        or IntegrationStateChanged or IntegrationDeleted or AssessmentOrderReceived;

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
            answer = await DispatchAsync(e).WaitAsync(ClusterCall.Timeout, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Webhook {EventId} ({EventType}) could not be handed to its grain; will retry: {Error}",
                e.Id, e.Type, error.Message);
            metrics.WebhookFailed(e.Type);
            await inbox.FailAsync(e.Id, $"{error.GetType().Name}: {error.Message}", cancellationToken);
            return WebhookAnswer.Error(StatusCodes.Status503ServiceUnavailable,
                "The event is recorded but the cluster could not take it now; it will be processed, and a retry gets the answer.");
        }

        await inbox.CompleteAsync(e.Id, InboxStatus.Processed, answer, cancellationToken);
        metrics.WebhookProcessed(e.Type, answer.Status);
        return answer;
    }

    private async Task<WebhookAnswer> DispatchAsync(KomboEvent e)
    {
        switch (e.Data)
        {
            case SyncFinished finished:
                await Integration(finished.IntegrationId).OnSyncFinished(finished);
                break;
            case DataChanged changed:
                await Integration(changed.IntegrationId).OnDataChanged(changed);
                break;
            case IntegrationCreated created:
                await Integration(created.Id).OnCreated(created);
                break;
            case IntegrationStateChanged changed:
                await Integration(changed.IntegrationId).OnStateChanged(changed);
                break;
            case IntegrationDeleted deleted:
                await Integration(deleted.Id).OnDeleted(deleted);
                break;
            case AssessmentOrderReceived order:
                var inline = e.Type == KomboEventTypes.InlineAssessmentOrderReceived;
                var decision = await grains.GetGrain<IOrderGrain>(order.Id).Receive(order, inline);
                return decision switch
                {
                    { Accepted: false } => WebhookAnswer.Error(StatusCodes.Status422UnprocessableEntity, decision.RejectionMessage!),
                    // Kombo's inline guide: the ATS redirects the candidate to this link (../shared/kombo/README.md §4).
                    _ when inline => WebhookAnswer.OkWith(new InlineOrderAnswer(decision.AssessmentUrl!)),
                    _ => WebhookAnswer.Ok,
                };
            default:
                throw new InvalidOperationException($"No grain handles {e.Type}.");
        }
        return WebhookAnswer.Ok;
    }

    private IIntegrationGrain Integration(string id) => grains.GetGrain<IIntegrationGrain>(id);
}
