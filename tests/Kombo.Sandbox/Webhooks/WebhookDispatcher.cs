using System.Net.Http.Headers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Kombo.Sandbox.Webhooks;

/// <summary>
/// Sends events one at a time, in the order they were published, each with its retries; records every attempt and
/// what the receiver answered. A non-2xx answer or a connection error is retried with doubling backoff; a 422 to an
/// order event is final (the order is rejected).
/// </summary>
public sealed class WebhookDispatcher : IAsyncDisposable
{
    private readonly SandboxOptions options;
    private readonly ILogger<WebhookDispatcher> logger;
    private readonly HttpClient http;
    private readonly Channel<(WebhookEvent Event, TaskCompletionSource<WebhookOutcome> Done)> queue = Channel.CreateUnbounded<(WebhookEvent, TaskCompletionSource<WebhookOutcome>)>();
    private readonly List<WebhookEvent> events = [];
    private readonly List<WebhookDelivery> deliveries = [];
    private readonly List<WebhookOutcome> outcomes = [];
    private readonly CancellationTokenSource stopping = new();
    private readonly Task worker;

    public WebhookDispatcher(SandboxOptions options, ILogger<WebhookDispatcher> logger)
    {
        this.options = options;
        this.logger = logger;
        Url = options.WebhookUrl;
        Secret = options.WebhookSecret;
        http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { Timeout = options.WebhookTimeout };
        worker = Task.Run(RunAsync);
    }

    /// <summary>
    /// Awaited after an event is answered 2xx, before its task ends and the next event is sent. Not Kombo's behaviour (Kombo
    /// is done at the answer); a test harness whose receiver processes events after answering them uses it so that a test
    /// awaiting an event's task reads what the event did.
    /// </summary>
    public Func<WebhookEvent, Task>? AfterAnswered { get; set; }

    /// <summary>The receiver; can be changed while running.</summary>
    public string? Url { get; set; }

    public string Secret { get; set; }

    public IReadOnlyList<WebhookEvent> Events => Snapshot(events);

    public IReadOnlyList<WebhookDelivery> Deliveries => Snapshot(deliveries);

    public IReadOnlyList<WebhookOutcome> Outcomes => Snapshot(outcomes);

    /// <summary>Events published and not yet finished (delivered, rejected or given up).</summary>
    public int Pending { get; private set; }

    private IReadOnlyList<T> Snapshot<T>(List<T> list)
    {
        lock (events)
        {
            return list.ToList();
        }
    }

    public void Clear()
    {
        lock (events)
        {
            events.Clear();
            deliveries.Clear();
            outcomes.Clear();
        }
    }

    /// <summary>Queues the event; the task ends when its delivery has ended, however it ended.</summary>
    public Task<WebhookOutcome> Publish(WebhookEvent webhookEvent)
    {
        var done = new TaskCompletionSource<WebhookOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (events)
        {
            events.Add(webhookEvent);
            Pending++;
        }
        queue.Writer.TryWrite((webhookEvent, done));
        return done.Task;
    }

    private async Task RunAsync()
    {
        await foreach (var (webhookEvent, done) in queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            WebhookOutcome outcome;
            try
            {
                outcome = await DeliverAsync(webhookEvent, stopping.Token);
                if (outcome.StatusCode is >= 200 and < 300 && AfterAnswered is { } afterAnswered)
                {
                    try
                    {
                        await afterAnswered(webhookEvent);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // The harness's wait, not a delivery: the event was answered, and the next one must still be sent.
                        logger.LogWarning("After webhook {Type} {EventId} was answered, waiting for its effect failed: {Error}", webhookEvent.Type, webhookEvent.Id, e.Message);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                outcome = new WebhookOutcome(webhookEvent.Id, webhookEvent.Type, 0, null, null, "the sandbox stopped");
            }
            lock (events)
            {
                outcomes.Add(outcome);
                Pending--;
            }
            done.TrySetResult(outcome);
        }
    }

    private async Task<WebhookOutcome> DeliverAsync(WebhookEvent webhookEvent, CancellationToken cancel)
    {
        var url = Url;
        if (url is null)
        {
            return new WebhookOutcome(webhookEvent.Id, webhookEvent.Type, 0, null, null, "no webhook URL is configured");
        }
        var signature = WebhookSignature.Compute(Secret, webhookEvent.Body);
        var delay = options.WebhookRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            int? status = null;
            string? answer = null, error = null;
            try
            {
                using var content = new ByteArrayContent(webhookEvent.Body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
                request.Headers.Add(WebhookSignature.Header, signature);
                using var response = await http.SendAsync(request, cancel);
                status = (int)response.StatusCode;
                answer = await response.Content.ReadAsStringAsync(cancel);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
            {
                error = e.Message;
            }
            lock (events)
            {
                deliveries.Add(new WebhookDelivery(webhookEvent.Id, webhookEvent.Type, webhookEvent.IntegrationId, attempt,
                    options.Time.GetUtcNow().UtcDateTime, url, signature, webhookEvent.BodyText, status, answer, error));
            }
            var final = status is >= 200 and < 300 || (status == 422 && webhookEvent.IsOrder) || attempt >= options.WebhookAttempts;
            if (final)
            {
                if (status is not (>= 200 and < 300))
                {
                    logger.LogWarning("Webhook {Type} {EventId} ended after {Attempts} attempt(s): {Status} {Error}", webhookEvent.Type, webhookEvent.Id, attempt, status, error);
                }
                return new WebhookOutcome(webhookEvent.Id, webhookEvent.Type, attempt, status, answer, error);
            }
            await Task.Delay(delay, options.Time, cancel);
            delay *= 2;
        }
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await stopping.CancelAsync();
        await worker;
        http.Dispose();
        stopping.Dispose();
    }
}
