using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Integrations;
using OrleansKombo.Orders;
using OrleansKombo.Webhooks;

namespace OrleansKombo.Grains.Assessment;

/// <summary>Reconciliation of our orders with Kombo's, in bounded runs that continue where the last one stopped.</summary>
public sealed partial class AssessmentGrain
{
    public Task Reconcile()
    {
        KickReconcile();
        return Task.CompletedTask;
    }

    private void KickReconcile()
    {
        if (_reconcile is { IsCompleted: false })
        {
            return;
        }
        _reconcile = ReconcileAsync(_deactivating.Token);
    }

    /// <summary>
    /// One run of at most <see cref="OrdersOptions.ReconcilePagesPerRun"/> Kombo pages: first Kombo's OPEN orders, then the
    /// orders we hold open, looked up by id. Progress is stored after every page, so the next run (the next tick, or an
    /// operator's request) continues where this one stopped, also after a failure or on another silo.
    /// </summary>
    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var pages = options.ReconcilePagesPerRun;
        int open = 0, adopted = 0, flagged = 0, held = 0, closed = 0;
        try
        {
            // Every order of an integration that is not active would be rejected, and a missed order rejected stays
            // flagged for good: reconciling waits until it is active again.
            var integration = (await GrainFactory.GetGrain<IIntegrationGrain>(Id).GetStatus()).State;
            if (integration != IntegrationLifecycle.Active)
            {
                logger.LogInformation("Integration {IntegrationId} is {State}: order reconciliation waits until it is active", Id, integration);
                return;
            }
            if (state.State.ReconcileStartedAt is null)
            {
                await SaveAsync(s => (s.ReconcileStartedAt, s.ReconcileCursor, s.ReconcileAfterOrderId) = (Now, null, null));
            }
            while (pages > 0 && state.State.ReconcileAfterOrderId is null)
            {
                pages--;
                DelayDeactivation(TimeSpan.FromMinutes(10));
                var (found, taken, rejected) = await ReconcileOpenPageAsync(cancellationToken);
                (open, adopted, flagged) = (open + found, adopted + taken, flagged + rejected);
            }
            var batch = Math.Min(IdsPerCall, syncOptions.PageSize);
            while (pages > 0 && state.State.ReconcileAfterOrderId is { } after)
            {
                var ids = await orders.OpenIdsAsync(Id, after, batch, cancellationToken);
                if (ids.Count > 0)
                {
                    pages--;
                    DelayDeactivation(TimeSpan.FromMinutes(10));
                    var (changed, raised) = await LookUpOpenOrdersAsync(ids, cancellationToken);
                    (held, closed, flagged) = (held + ids.Count, closed + changed, flagged + raised);
                }
                await SaveAsync(ids.Count < batch
                    ? s => (s.LastReconcileAt, s.ReconcileStartedAt, s.ReconcileCursor, s.ReconcileAfterOrderId) = (s.ReconcileStartedAt, null, null, null)
                    : s => s.ReconcileAfterOrderId = ids[^1]);
            }

            logger.Log(flagged > 0 ? LogLevel.Warning : LogLevel.Information,
                "Integration {IntegrationId}: reconciled {Open} open orders in Kombo ({Adopted} missed ones taken) and {Held} orders we hold open "
                + "({Closed} cancelled in the ATS); {Flagged} flagged for an operator; {Progress}",
                Id, open, adopted, held, closed, flagged,
                state.State.ReconcileStartedAt is null ? "reconciliation complete" : "it continues at the next tick");
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Integration {IntegrationId}: order reconciliation failed after {Open} open orders and {Held} held ones ({Error}); "
                + "the next tick continues", Id, open, held, Describe(error));
        }
        catch (OperationCanceledException)
        {
            logger.LogInformation("Integration {IntegrationId}: deactivating; order reconciliation continues in the next activation", Id);
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
            ["statuses"] = "OPEN",
            ["page_size"] = syncOptions.PageSize.ToString(CultureInfo.InvariantCulture),
        };
        if (cursor is not null)
        {
            query["cursor"] = cursor;
        }
        KomboPage page;
        try
        {
            page = (await kombo.ListOrdersAsync(query, Id, cancellationToken)).Data;
        }
        catch (KomboApiException refused) when (cursor is not null && KomboWrites.Classify(refused) == WriteFailure.Refused)
        {
            // Whether Kombo's cursors outlive a pause between runs is undocumented: one refused starts the list again.
            logger.LogWarning("Integration {IntegrationId}: Kombo refused the stored cursor of its OPEN orders ({Error}); reading them from the start",
                Id, refused.Message);
            await SaveAsync(s => s.ReconcileCursor = null);
            return (0, 0, 0);
        }

        var found = new List<AssessmentOrderReceived>();
        foreach (var row in page.Results)
        {
            try
            {
                // The list's order objects carry no integration id; they are all this integration's.
                if (row.Deserialize<AssessmentOrderReceived>(KomboJson.Tolerant) is { } order)
                {
                    found.Add(order with { IntegrationId = Id });
                }
            }
            catch (JsonException error)
            {
                // One order we cannot read never stops the others.
                logger.LogWarning("Integration {IntegrationId}: skipped an OPEN order Kombo listed that we cannot read ({OrderId}): {Error}",
                    Id, row.ValueKind == JsonValueKind.Object ? RecordFields.String(row, "id") : null, error.Message);
            }
        }
        var known = await orders.StatusesAsync(found.Select(o => o.Id).ToList(), cancellationToken);
        int adopted = 0, flagged = 0;
        foreach (var order in found)
        {
            try
            {
                var grain = GrainFactory.GetGrain<IOrderGrain>(order.Id);
                if (!known.TryGetValue(order.Id, out var ours))
                {
                    if ((await grain.Discover(order)).Accepted)
                    {
                        adopted++;
                    }
                    else
                    {
                        flagged++;
                    }
                }
                else if (ours is { Status: OrderStatus.Rejected, Flagged: false } && await grain.SeenInKombo("OPEN"))
                {
                    flagged++;
                }
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Order {OrderId} of integration {IntegrationId}: not reconciled ({Error}); the next reconciliation finds it again",
                    order.Id, Id, error.Message);
            }
        }
        // The last page hands over to the orders we hold open ("": from the first).
        await SaveAsync(s => (s.ReconcileCursor, s.ReconcileAfterOrderId) = (page.Next, page.Next is null ? "" : null));
        return (found.Count, adopted, flagged);
    }

    /// <summary>
    /// Asks Kombo which of <paramref name="ids"/> (orders we hold open) it lists as closed, and tells each order grain.
    /// </summary>
    private async Task<(int Cancelled, int Flagged)> LookUpOpenOrdersAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var query = new Dictionary<string, string>
        {
            ["ids"] = string.Join(',', ids),
            ["statuses"] = ClosedStatuses,
            ["page_size"] = ids.Count.ToString(CultureInfo.InvariantCulture),
        };
        var page = (await kombo.ListOrdersAsync(query, Id, cancellationToken)).Data;
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
                if (await GrainFactory.GetGrain<IOrderGrain>(orderId).SeenInKombo(status))
                {
                    if (status == "CANCELLED")
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
                    orderId, Id, status, error.Message);
            }
        }
        return (cancelled, flagged);
    }
}
