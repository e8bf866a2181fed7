using Microsoft.Extensions.Logging;
using OrleansKombo.Assessment;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Orders;

namespace OrleansKombo.Grains.Assessment;

/// <summary>
/// Result write-backs of one integration (<c>PUT /assessment/orders/{id}/result</c>, or for an order started by a trigger
/// rule the writes into its application, <see cref="AtsResultWriter"/>): one loop per order writes the newest
/// result queued for it through the integration's <see cref="KomboWriteGate"/> and tells the order how it went. What is
/// owed stays PENDING in the orders table, so <see cref="KickResume"/> (on activation and every tick) takes it up again.
/// All of it runs on the grain's scheduler, one piece at a time, so the dictionaries need no locks.
/// </summary>
/// <param name="stopping">Cancelled when the grain deactivates.</param>
public sealed class WriteBackQueue(
    string integrationId,
    IAssessmentOrders orders,
    IKomboApi kombo,
    KomboWriteGate gate,
    AtsResultWriter ats,
    ILogger logger,
    CancellationToken stopping)
{
    /// <summary>Order ids per page of failed write-backs.</summary>
    private const int IdsPerCall = 100;

    /// <summary>Pending write-backs taken from the orders table per resume; the rest on a later tick.</summary>
    private const int ResumeBatch = 1000;

    /// <summary>The newest result per order still to write; an order's loop writes whatever is newest here.</summary>
    private readonly Dictionary<string, WriteBackRequest> _queued = new(StringComparer.Ordinal);

    /// <summary>
    /// Each order's running write loop, which deactivation waits for (a new activation resumes the same writes), and
    /// the revision each last finished, so a resumed scan adds nothing twice.
    /// </summary>
    private readonly Dictionary<string, Task> _writing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _finished = new(StringComparer.Ordinal);

    private Task? _resume;
    private Task? _retryFailed;

    /// <summary>Everything running, which deactivation waits for.</summary>
    public IEnumerable<Task> Running => new[] { _resume, _retryFailed }.Concat(_writing.Values).OfType<Task>();

    public void Enqueue(WriteBackRequest request)
    {
        if (_queued.TryGetValue(request.OrderId, out var queued) && queued.Revision >= request.Revision
            || _finished.TryGetValue(request.OrderId, out var finished) && finished >= request.Revision
            // Stored PENDING by its order grain: taken up from the orders table when the hold ends.
            || gate.HeldLong)
        {
            return;
        }
        _queued[request.OrderId] = request;
        if (!_writing.ContainsKey(request.OrderId))
        {
            var loop = WriteLoopAsync(request.OrderId, stopping);
            // One that ended before its first await (deactivating) has already taken itself out.
            if (!loop.IsCompleted)
            {
                _writing[request.OrderId] = loop;
            }
        }
    }

    /// <summary>Takes up the results left PENDING in the orders table (the silo stopped, a queueing call failed, writes were held).</summary>
    public void KickResume()
    {
        if (_resume is { IsCompleted: false } || gate.HeldLong)
        {
            return;
        }
        _resume = ResumeAsync();
    }

    /// <summary>Writes every FAILED write-back of the integration again, through its order grain, which decides whether it may be.</summary>
    public void KickRetryFailed()
    {
        if (_retryFailed is not { IsCompleted: false })
        {
            _retryFailed = RetryFailedAsync(stopping);
        }
    }

    private async Task ResumeAsync()
    {
        try
        {
            foreach (var request in await orders.PendingWriteBacksAsync(ResumeBatch, stopping))
            {
                Enqueue(request);
            }
        }
        catch (Exception error) when (!stopping.IsCancellationRequested)
        {
            logger.LogWarning("Integration {IntegrationId}: could not read pending write-backs ({Error}); the next tick tries again", integrationId, error.Message);
        }
    }

    private async Task RetryFailedAsync(CancellationToken cancellationToken)
    {
        var retried = 0;
        try
        {
            var after = "";
            while (true)
            {
                var ids = await orders.FailedWriteBacksAsync(after, IdsPerCall, cancellationToken);
                foreach (var orderId in ids)
                {
                    try
                    {
                        if ((await orders.RetryWriteBackAsync(orderId)).Outcome == OrderCommandOutcome.Accepted)
                        {
                            retried++;
                        }
                    }
                    catch (Exception error) when (!cancellationToken.IsCancellationRequested)
                    {
                        // One order that cannot be reached now stays FAILED; the others go on.
                        logger.LogWarning("Order {OrderId} of integration {IntegrationId}: the failed write-back was not retried ({Error})",
                            orderId, integrationId, error.Message);
                    }
                }
                // Retried ones are PENDING now, so the next page starts after the last id seen, and the loop ends with the table.
                if (ids.Count < IdsPerCall)
                {
                    break;
                }
                after = ids[^1];
            }
            if (retried > 0)
            {
                logger.LogInformation("Integration {IntegrationId} is active again: {Count} failed write-backs are written again", integrationId, retried);
            }
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Integration {IntegrationId}: retrying failed write-backs stopped after {Count} ({Error})", integrationId, retried, error.Message);
        }
        catch (OperationCanceledException)
        {
            logger.LogInformation("Integration {IntegrationId}: deactivating; failed write-backs not yet retried stay FAILED", integrationId);
        }
    }

    private async Task WriteLoopAsync(string orderId, CancellationToken cancellationToken)
    {
        var revision = -1;
        var attempts = 0;
        try
        {
            while (_queued.TryGetValue(orderId, out var request))
            {
                if (request.Revision != revision)
                {
                    (revision, attempts) = (request.Revision, 0);
                }
                if (gate.HeldFor() is { } held)
                {
                    if (held > KomboWriteGate.LongestWait)
                    {
                        // Still PENDING in the orders table: resumed when the hold ends.
                        _queued.Remove(orderId);
                        break;
                    }
                    await gate.PauseAsync(held, cancellationToken);
                    continue;
                }
                if (await WriteOnceAsync(request, attempts + 1, cancellationToken) is not { } outcome)
                {
                    // Writes became held while this one waited for a slot: the loop waits the hold out.
                    continue;
                }
                var (report, retryIn) = outcome;
                attempts = report.Attempts;
                await orders.RecordWriteBackAsync(orderId, report);
                if (report.Status == WriteStatus.Pending)
                {
                    if (retryIn is { } wait)
                    {
                        await gate.PauseAsync(wait, cancellationToken);
                    }
                    continue;
                }
                _finished[orderId] = revision;
                if (_queued.TryGetValue(orderId, out var latest) && latest.Revision == revision)
                {
                    _queued.Remove(orderId);
                }
            }
        }
        catch (Exception error)
        {
            // Deactivating, the order grain unreachable, or Kombo unable to say what it holds: the result is still
            // PENDING in the orders table, and the next activation or tick resumes it.
            _queued.Remove(orderId);
            logger.LogWarning("Order {OrderId} of integration {IntegrationId}: write-back paused ({Error}); it resumes on the next tick",
                orderId, integrationId, error.Message);
        }
        finally
        {
            _writing.Remove(orderId);
        }
    }

    /// <summary>Writes the result once, as attempt <paramref name="attempt"/>.</summary>
    /// <returns>The report for the order and, when it is retried after a pause, how long; null when writes became held first.</returns>
    private async Task<(WriteBackReport Report, TimeSpan? RetryIn)?> WriteOnceAsync(WriteBackRequest request, int attempt,
        CancellationToken cancellationToken)
    {
        if (request.ApplicationId is not null)
        {
            return await ats.WriteAsync(request, attempt, cancellationToken);
        }
        var (orderId, revision) = (request.OrderId, request.Revision);
        try
        {
            if (await gate.WriteAsync(() => kombo.UpdateOrderResultAsync(orderId, KomboResultBody.From(request.Result), integrationId, cancellationToken),
                    cancellationToken) is not { } response)
            {
                return null;
            }
            return (new WriteBackReport(revision, WriteStatus.Done, attempt, null, KomboWriteGate.Warnings(response)), null);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            switch (KomboWrites.Classify(error))
            {
                case WriteFailure.Refused:
                    // A final result written twice (the HTTP retry after a timeout, a retry here, a resumed write) is
                    // refused the second time because the first was applied: what Kombo holds tells the two apart.
                    var refused = (KomboApiException)error;
                    return (request.Result.Status != ResultStatus.Open && await KomboHoldsAsync(orderId, request.Result.Status, cancellationToken)
                        ? new WriteBackReport(revision, WriteStatus.Done, attempt, null, [])
                        : new WriteBackReport(revision, WriteStatus.Failed, attempt, refused.KomboMessage, []), null);
                case WriteFailure.Wait:
                    // Not a failure of the result: it stays PENDING, and the loop stops at the hold this sets (or
                    // waits out a short one); the result is written when the integration takes writes again.
                    return (new WriteBackReport(revision, WriteStatus.Pending, attempt, gate.Wait((KomboApiException)error), []), null);
                default:
                    var retryIn = gate.RetryWait(attempt, error);
                    var report = new WriteBackReport(revision, WriteStatus.Pending, attempt, KomboErrors.Describe(error), []);
                    logger.LogWarning("Order {OrderId} of integration {IntegrationId}: write-back failed (attempt {Attempt}), retrying: {Error}",
                        orderId, integrationId, attempt, report.LastError);
                    return (report, retryIn);
            }
        }
    }

    /// <summary>Whether Kombo's order already has <paramref name="status"/>.</summary>
    private async Task<bool> KomboHoldsAsync(string orderId, ResultStatus status, CancellationToken cancellationToken)
    {
        var page = (await kombo.ListOrdersAsync(new Dictionary<string, string> { ["ids"] = orderId }, integrationId, cancellationToken)).Data;
        var holds = page.Results.Any(o => RecordFields.String(o, "status") == KomboJson.Name(status));
        if (holds)
        {
            logger.LogInformation("Order {OrderId} of integration {IntegrationId}: Kombo refused the result as a repeat of one it holds; written back",
                orderId, integrationId);
        }
        return holds;
    }
}
