using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using OrleansKombo.Hosting;

namespace OrleansKombo.Gateway.Webhooks;

/// <summary>
/// Hands the events answered on receipt (<see cref="WebhookRoutes.IsAnsweredOnReceipt"/>) to their grains after the answer:
/// the receiver names the integration right after its row commits, so processing starts within milliseconds, and
/// <see cref="InboxSweeper"/> names the integrations whose head waits for any other reason (a retry is due, the gateway that
/// held or recorded the row died). Each named integration's head is claimed in the inbox (WebhookInbox.ClaimHeadsAsync: one
/// statement for every integration named meanwhile) and delivered; once it is finished the integration is looked at again,
/// so its next event follows. The inbox's head rule keeps the order per integration across gateways; this class only
/// decides when to ask and bounds how many deliveries run at once.
/// </summary>
/// <remarks>
/// Exactly once: a row is delivered by whoever claimed it, and finished rows are never claimed again. If a gateway dies
/// between the grain call and the row's completion, the lease lapses and the row is delivered again: the integration
/// grain's handlers are idempotent (a sync id or timestamp it has seen changes nothing, a pull already requested is not
/// requested twice), so that second delivery is harmless, and the row's <c>attempts</c> shows it.
/// </remarks>
public sealed class InboxDispatcher(WebhookInbox inbox, WebhookProcessor processor, ILogger<InboxDispatcher> logger) : BackgroundService
{
    /// <summary>
    /// Deliveries running at once. Each is one integration (the head rule allows no more), and each costs the silo and
    /// PostgreSQL work that competes with answering webhooks on the same cores; a burst is worked off at this pace while
    /// its events are already answered.
    /// </summary>
    public const int MaxInFlight = 8;

    /// <summary>Events of one integration delivered in a row before the slot goes to the next named integration.</summary>
    public const int MaxEventsPerTurn = 100;

    private readonly Lock _gate = new();

    /// <summary>Integrations to look at, in the order they were named; a name is queued once until it is looked at.</summary>
    private readonly Queue<string> _named = new();

    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);

    private int _inFlight;

    private static readonly ActivitySource Tracing = new(KomboTracing.WebhookSource);

    /// <summary>
    /// The trace of each request whose event this gateway has yet to deliver, so the delivery (its grain call, the pull)
    /// continues the webhook's trace. Bounded: past it, or when another gateway delivers the row, the delivery starts a
    /// trace of its own.
    /// </summary>
    private readonly ConcurrentDictionary<string, ActivityContext> _traces = new(StringComparer.Ordinal);

    private const int MaxTraces = 10_000;

    /// <summary>The receiver's call: the event's row is committed; its delivery continues <paramref name="trace"/>.</summary>
    public void Notify(string integrationId, string eventId, ActivityContext? trace)
    {
        if (trace is { } context)
        {
            if (_traces.Count >= MaxTraces)
            {
                // Rows another gateway delivered leave their entry here; dropping them all costs only their traces' continuity.
                _traces.Clear();
            }
            _traces[eventId] = context;
        }
        Notify(integrationId);
    }

    /// <summary>Wakes the loop: something was named, or a delivery ended. One pending wake-up is enough.</summary>
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>The integration may have a head to deliver; cheap and never blocks (the receiver calls it on every event).</summary>
    public void Notify(string integrationId)
    {
        lock (_gate)
        {
            if (_queued.Add(integrationId))
            {
                _named.Enqueue(integrationId);
            }
        }
        _wake.Writer.TryWrite(true);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _wake.Reader.WaitToReadAsync(stoppingToken))
            {
                _wake.Reader.TryRead(out _);
                while (TakeNamed() is { Count: > 0 } integrations)
                {
                    await ClaimAndStartAsync(integrations, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>As many named integrations as there are free delivery slots.</summary>
    private List<string> TakeNamed()
    {
        lock (_gate)
        {
            var taken = new List<string>();
            var free = MaxInFlight - Volatile.Read(ref _inFlight);
            while (taken.Count < free && _named.TryDequeue(out var integration))
            {
                _queued.Remove(integration);
                taken.Add(integration);
            }
            return taken;
        }
    }

    private async Task ClaimAndStartAsync(List<string> integrations, CancellationToken stoppingToken)
    {
        IReadOnlyList<InboxEntry> heads;
        try
        {
            heads = await inbox.ClaimHeadsAsync(integrations, stoppingToken);
        }
        catch (Exception error) when (!stoppingToken.IsCancellationRequested)
        {
            // Nothing was claimed; the sweeper names these integrations again once the inbox answers.
            logger.LogWarning("Claiming webhooks of {Count} integrations failed; the sweeper will find them: {Error}", integrations.Count, error.Message);
            return;
        }
        foreach (var head in heads)
        {
            Interlocked.Increment(ref _inFlight);
            _ = Task.Run(() => DeliverAsync(head, stoppingToken), CancellationToken.None);
        }
    }

    /// <summary>One row, in the trace of the request that recorded it when this gateway did.</summary>
    private async Task<bool> DeliverOneAsync(InboxEntry row, CancellationToken stoppingToken)
    {
        _traces.TryRemove(row.Id, out var trace);
        using var activity = Tracing.StartActivity("webhook delivery", ActivityKind.Internal, trace);
        activity?.SetTag("kombo.event.id", row.Id);
        activity?.SetTag("kombo.event.type", row.Type);
        return await processor.ProcessRowAsync(row, stoppingToken);
    }

    /// <summary>
    /// Delivers the head, then the integration's next heads, in this slot, until its queue is empty or a delivery fails:
    /// an integration's backlog is worked off in one go rather than one event per round over every integration, so
    /// its events reach the grain close together (a pull requested by the first is still pending for the next ones).
    /// Every integration still gets its turn: the slots are shared, at most <see cref="MaxEventsPerTurn"/> each.
    /// </summary>
    private async Task DeliverAsync(InboxEntry head, CancellationToken stoppingToken)
    {
        try
        {
            for (var delivered = 1; await DeliverOneAsync(head, stoppingToken) && head.IntegrationId is { } integration; delivered++)
            {
                // Finished and committed: the row behind it is the head now.
                if (delivered >= MaxEventsPerTurn)
                {
                    Notify(integration);
                    break;
                }
                // Nothing claimed: the queue is empty (a row recorded later is named by its receiver) or another
                // gateway holds the head (whoever finishes it goes on).
                if (await inbox.ClaimHeadsAsync([integration], stoppingToken) is not [var next])
                {
                    break;
                }
                head = next;
            }
        }
        catch (Exception error) when (!stoppingToken.IsCancellationRequested)
        {
            // The row keeps its lease until it lapses; then the sweeper names its integration again.
            logger.LogWarning("Webhook {EventId} ({EventType}) was claimed but its delivery failed; it is retried when its lease lapses: {Error}",
                head.Id, head.Type, error.Message);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            _wake.Writer.TryWrite(true);
        }
    }
}
