using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Grains.Orders;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Integrations;
using OrleansKombo.Orders;
using OrleansKombo.Webhooks;

namespace OrleansKombo.Grains.Assessment;

/// <summary>
/// Reconciliation of one integration's orders with Kombo's, in bounded runs that continue where the last one stopped:
/// first Kombo's OPEN orders (one we never received is decided as if its webhook had come; one we rejected is flagged),
/// then the orders we hold open, looked up by id (closed in Kombo: cancelled here or flagged). Progress is stored after
/// every page, so the next run (the next tick, or an operator's request) continues, also after a failure or on another silo.
/// </summary>
/// <param name="integrationState">The integration's lifecycle, asked at the start of every run.</param>
/// <param name="pageSize">Orders per Kombo page (<c>Sync:PageSize</c>).</param>
/// <param name="keepAlive">Keeps the activation alive at least this long (the grain's DelayDeactivation).</param>
/// <param name="stopping">Cancelled when the grain deactivates.</param>
public sealed class OrderReconciler(
    string integrationId,
    AssessmentStateKeeper state,
    IAssessmentOrders orders,
    IKomboApi kombo,
    Func<Task<IntegrationLifecycle>> integrationState,
    OrdersOptions options,
    int pageSize,
    TimeProvider clock,
    Action<TimeSpan> keepAlive,
    ILogger logger,
    CancellationToken stopping)
{
    /// <summary>Order ids per Kombo call when the orders we hold open are looked up (<c>ids=</c>).</summary>
    private const int IdsPerCall = 100;

    /// <summary>One page of a run may take this long before the activation could be collected.</summary>
    private static readonly TimeSpan PageTime = TimeSpan.FromMinutes(10);

    private Task? _run;

    /// <summary>The run under way, which deactivation waits for; null or completed when none is.</summary>
    public Task? Running => _run;

    private DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>A run is under way (to be continued) or the last complete one started <c>Orders:ReconcileEvery</c> ago.</summary>
    public bool Due => state.State.ReconcileStartedAt is not null || state.State.LastReconcileAt is not { } last || last + options.ReconcileEvery <= Now;

    /// <summary>Starts a run in the background unless one is running.</summary>
    public void Kick()
    {
        if (_run is { IsCompleted: false })
        {
            return;
        }
        _run = RunAsync(stopping);
    }

    /// <summary>One run of at most <see cref="OrdersOptions.ReconcilePagesPerRun"/> Kombo pages.</summary>
    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var pages = options.ReconcilePagesPerRun;
        int open = 0, adopted = 0, flagged = 0, held = 0, closed = 0;
        try
        {
            // Every order of an integration that is not active would be rejected, and a missed order rejected stays
            // flagged for good: reconciling waits until it is active again.
            var integration = await integrationState();
            if (integration != IntegrationLifecycle.Active)
            {
                logger.LogInformation("Integration {IntegrationId} is {State}: order reconciliation waits until it is active", integrationId, integration);
                return;
            }
            if (state.State.ReconcileStartedAt is null)
            {
                await state.SaveAsync(s => (s.ReconcileStartedAt, s.ReconcileCursor, s.ReconcileAfterOrderId) = (Now, null, null));
            }
            while (pages > 0 && state.State.ReconcileAfterOrderId is null)
            {
                pages--;
                keepAlive(PageTime);
                var (found, taken, rejected) = await ReconcileOpenPageAsync(cancellationToken);
                (open, adopted, flagged) = (open + found, adopted + taken, flagged + rejected);
            }
            var batch = Math.Min(IdsPerCall, pageSize);
            while (pages > 0 && state.State.ReconcileAfterOrderId is { } after)
            {
                var ids = await orders.OpenIdsAsync(after, batch, cancellationToken);
                if (ids.Count > 0)
                {
                    pages--;
                    keepAlive(PageTime);
                    var (changed, raised) = await LookUpOpenOrdersAsync(ids, cancellationToken);
                    (held, closed, flagged) = (held + ids.Count, closed + changed, flagged + raised);
                }
                await state.SaveAsync(ids.Count < batch
                    ? s => (s.LastReconcileAt, s.ReconcileStartedAt, s.ReconcileCursor, s.ReconcileAfterOrderId) = (s.ReconcileStartedAt, null, null, null)
                    : s => s.ReconcileAfterOrderId = ids[^1]);
            }

            logger.Log(flagged > 0 ? LogLevel.Warning : LogLevel.Information,
                "Integration {IntegrationId}: reconciled {Open} open orders in Kombo ({Adopted} missed ones taken) and {Held} orders we hold open "
                + "({Closed} cancelled in the ATS); {Flagged} flagged for an operator; {Progress}",
                integrationId, open, adopted, held, closed, flagged,
                state.State.ReconcileStartedAt is null ? "reconciliation complete" : "it continues at the next tick");
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Integration {IntegrationId}: order reconciliation failed after {Open} open orders and {Held} held ones ({Error}); "
                + "the next tick continues", integrationId, open, held, KomboErrors.Describe(error));
        }
        catch (OperationCanceledException)
        {
            logger.LogInformation("Integration {IntegrationId}: deactivating; order reconciliation continues in the next activation", integrationId);
        }
    }

    /// <summary>
    /// One page of Kombo's OPEN orders: one we never received is decided as if its webhook had come; one we rejected
    /// that Kombo still lists as OPEN is flagged for an operator.
    /// </summary>
    private async Task<(int Found, int Adopted, int Flagged)> ReconcileOpenPageAsync(CancellationToken cancellationToken)
    {
        var cursor = state.State.ReconcileCursor;
        var query = new Dictionary<string, string>
        {
            ["statuses"] = KomboOrderStatus.Open,
            ["page_size"] = pageSize.ToString(CultureInfo.InvariantCulture),
        };
        if (cursor is not null)
        {
            query["cursor"] = cursor;
        }
        KomboPage page;
        try
        {
            page = (await kombo.ListOrdersAsync(query, integrationId, cancellationToken)).Data;
        }
        catch (KomboApiException refused) when (cursor is not null && KomboWrites.Classify(refused) == WriteFailure.Refused)
        {
            // Whether Kombo's cursors outlive a pause between runs is undocumented: one refused starts the list again.
            logger.LogWarning("Integration {IntegrationId}: Kombo refused the stored cursor of its OPEN orders ({Error}); reading them from the start",
                integrationId, refused.Message);
            await state.SaveAsync(s => s.ReconcileCursor = null);
            return (0, 0, 0);
        }

        var found = Read(page);
        var known = await orders.StatusesAsync(found.Select(o => o.Id).ToList(), cancellationToken);
        int adopted = 0, flagged = 0;
        foreach (var order in found)
        {
            try
            {
                if (!known.TryGetValue(order.Id, out var ours))
                {
                    if ((await orders.DiscoverAsync(order)).Accepted)
                    {
                        adopted++;
                    }
                    else
                    {
                        flagged++;
                    }
                }
                else if (ours is { Status: OrderStatus.Rejected, Flagged: false } && await orders.SeenInKomboAsync(order.Id, KomboOrderStatus.Open))
                {
                    flagged++;
                }
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Order {OrderId} of integration {IntegrationId}: not reconciled ({Error}); the next reconciliation finds it again",
                    order.Id, integrationId, error.Message);
            }
        }
        // The last page hands over to the orders we hold open ("": from the first).
        await state.SaveAsync(s => (s.ReconcileCursor, s.ReconcileAfterOrderId) = (page.Next, page.Next is null ? "" : null));
        return (found.Count, adopted, flagged);
    }

    /// <summary>The page's orders we can read; one we cannot is logged and skipped, never stopping the others.</summary>
    private List<AssessmentOrderReceived> Read(KomboPage page)
    {
        var found = new List<AssessmentOrderReceived>();
        foreach (var row in page.Results)
        {
            try
            {
                // The list's order objects carry no integration id; they are all this integration's.
                if (row.Deserialize<AssessmentOrderReceived>(KomboJson.Tolerant) is { } order)
                {
                    found.Add(order with { IntegrationId = integrationId });
                }
            }
            catch (JsonException error)
            {
                logger.LogWarning("Integration {IntegrationId}: skipped an OPEN order Kombo listed that we cannot read ({OrderId}): {Error}",
                    integrationId, row.ValueKind == JsonValueKind.Object ? RecordFields.String(row, "id") : null, error.Message);
            }
        }
        return found;
    }

    /// <summary>
    /// Asks Kombo which of <paramref name="ids"/> (orders we hold open) it lists as closed, and tells each order grain.
    /// </summary>
    private async Task<(int Cancelled, int Flagged)> LookUpOpenOrdersAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var query = new Dictionary<string, string>
        {
            ["ids"] = string.Join(',', ids),
            ["statuses"] = string.Join(',', KomboOrderStatus.Closed),
            ["page_size"] = ids.Count.ToString(CultureInfo.InvariantCulture),
        };
        var page = (await kombo.ListOrdersAsync(query, integrationId, cancellationToken)).Data;
        var asked = ids.ToHashSet(StringComparer.Ordinal);
        int cancelled = 0, flagged = 0;
        foreach (var row in page.Results)
        {
            if (RecordFields.String(row, "id") is not { } orderId || !asked.Contains(orderId) || RecordFields.String(row, "status") is not { } status)
            {
                continue;
            }
            try
            {
                if (await orders.SeenInKomboAsync(orderId, status))
                {
                    if (status == KomboOrderStatus.Cancelled)
                    {
                        cancelled++;
                    }
                    else
                    {
                        flagged++;
                    }
                }
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Order {OrderId} of integration {IntegrationId}: Kombo lists it as {Status}, not applied yet ({Error}); the next reconciliation tries again",
                    orderId, integrationId, status, error.Message);
            }
        }
        return (cancelled, flagged);
    }
}
