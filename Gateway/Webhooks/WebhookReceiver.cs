using System.Diagnostics;
using Npgsql;
using OrleansKombo.Gateway.Operations;

namespace OrleansKombo.Gateway.Webhooks;

/// <summary>
/// <c>POST /webhooks/kombo</c> as CONTRACT.md §2 says: verify, record durably, answer. An order is handed to its grain
/// before the answer, which carries the grain's decision; every other routed event (WebhookRoutes.IsAnsweredOnReceipt) is
/// answered 200 once its row is committed and handed to the <see cref="InboxDispatcher"/>, which delivers it right after,
/// in order per integration. Nothing is answered 2xx before it is in the inbox; a repeated id gets the first answer and no
/// second processing.
/// </summary>
public sealed class WebhookReceiver(
    WebhookSignature signature,
    WebhookInbox inbox,
    WebhookProcessor processor,
    InboxDispatcher dispatcher,
    GatewayMetrics metrics,
    ILogger<WebhookReceiver> logger)
{
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>How long a repeated delivery waits for the first one's answer before asking Kombo to retry.</summary>
    private static readonly TimeSpan RepeatWait = TimeSpan.FromSeconds(5);

    /// <summary>Most first deliveries answer within milliseconds; a slow one should not have repeats hammering its row.</summary>
    private static readonly TimeSpan FirstRepeatPoll = TimeSpan.FromMilliseconds(20);

    private static readonly TimeSpan MaxRepeatPoll = TimeSpan.FromMilliseconds(500);

    public async Task<IResult> ReceiveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await ReadLimitedAsync(request, cancellationToken);
        if (body is null)
        {
            return Answer("?", WebhookAnswer.Error(StatusCodes.Status413PayloadTooLarge, $"The body is over {MaxBodyBytes} bytes."));
        }
        if (!signature.IsConfigured)
        {
            return Answer("?", WebhookAnswer.Error(StatusCodes.Status503ServiceUnavailable,
                "Kombo:WebhookSecret is not configured, so no webhook can be verified."));
        }
        if (!signature.IsValid(body, request.Headers["X-Kombo-Signature"]))
        {
            logger.LogWarning("Webhook refused: missing or wrong X-Kombo-Signature ({Bytes} bytes)", body.Length);
            return Answer("?", WebhookAnswer.Error(StatusCodes.Status401Unauthorized, "Missing or wrong X-Kombo-Signature."));
        }

        // Only the minimised body goes further: no phone number, nothing PostgreSQL refuses, whatever the event turns out to be.
        var reading = KomboEventReader.Read(body);
        var stored = StoredBody.Of(body, reading.Body);
        var e = reading.Event ?? UnreadableDelivery.For(stored);

        try
        {
            var deferred = reading.Problem is null && WebhookRoutes.IsAnsweredOnReceipt(e);
            var (status, answer) = reading.Problem is { } problem
                ? (InboxStatus.Rejected, WebhookAnswer.Error(StatusCodes.Status400BadRequest, problem))
                : deferred
                    ? (InboxStatus.Received, WebhookAnswer.Ok)
                    : WebhookProcessor.IsRouted(e)
                        ? (InboxStatus.Received, null)
                        : (InboxStatus.Ignored, WebhookAnswer.Ok);

            var existing = await inbox.TryInsertAsync(e, stored, status, answer, cancellationToken, deferred);
            if (existing is not null)
            {
                return Answer(e.Type, await AnswerRepeatAsync(e, existing, cancellationToken));
            }
            if (deferred)
            {
                // Committed: the answer may go, and the integration's worker starts on it now (the sweeper would, later).
                dispatcher.Notify(e.IntegrationId!, e.Id, Activity.Current?.Context);
                return Answer(e.Type, answer!);
            }
            if (answer is not null)
            {
                logger.LogInformation("Webhook {EventId} ({EventType}, {Bytes} bytes) recorded as {Status}", e.Id, e.Type, stored.Bytes, status);
                return Answer(e.Type, answer);
            }
            return Answer(e.Type, await processor.ProcessAsync(e, cancellationToken));
        }
        catch (WriteQueueFull full)
        {
            logger.LogWarning("Webhook {EventId} ({EventType}) not recorded: {Error}", e.Id, e.Type, full.Message);
            return Answer(e.Type, WebhookAnswer.Error(StatusCodes.Status503ServiceUnavailable, "The gateway is busy recording events; retry later."));
        }
        catch (NpgsqlException error)
        {
            logger.LogWarning("Webhook {EventId} ({EventType}) not recorded, PostgreSQL failed: {Error}", e.Id, e.Type, error.Message);
            return Answer(e.Type, WebhookAnswer.Error(StatusCodes.Status503ServiceUnavailable,
                "The event could not be recorded; retry later."));
        }
    }

    /// <summary>
    /// A delivery of an id we already have: the stored answer when there is one; otherwise wait for the holder
    /// of the lease, or take the row over when the holder is gone.
    /// </summary>
    private async Task<WebhookAnswer> AnswerRepeatAsync(KomboEvent e, InboxEntry entry, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + RepeatWait;
        var poll = FirstRepeatPoll;
        var stored = entry.Answer;
        while (true)
        {
            if (stored is not null)
            {
                metrics.WebhookRepeated(e.Type);
                return stored;
            }
            if (await inbox.TryClaimAsync(e.Id, cancellationToken))
            {
                return await processor.ProcessAsync(e, cancellationToken);
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return WebhookAnswer.Error(StatusCodes.Status503ServiceUnavailable,
                    "The event is recorded and still being processed; retry to get its answer.");
            }
            await Task.Delay(poll < left ? poll : left, cancellationToken);
            poll = poll * 2 < MaxRepeatPoll ? poll * 2 : MaxRepeatPoll;
            stored = await inbox.GetAnswerAsync(e.Id, cancellationToken);
        }
    }

    private IResult Answer(string type, WebhookAnswer answer)
    {
        metrics.WebhookAnswered(type, answer.Status);
        return answer.ToResult();
    }

    private static async Task<byte[]?> ReadLimitedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }
        using var buffer = new MemoryStream(capacity: (int)(request.ContentLength ?? 4096));
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
