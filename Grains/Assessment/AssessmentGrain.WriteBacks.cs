using Microsoft.Extensions.Logging;
using OrleansKombo.Assessment;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Orders;

namespace OrleansKombo.Grains.Assessment;

/// <summary>
/// Result write-backs: one loop per order writes the newest result queued for it, within the integration's write slots,
/// and tells the order grain how it went; what is owed stays PENDING in the orders table, so a tick resumes it.
/// </summary>
public sealed partial class AssessmentGrain
{
    public Task WriteResult(WriteBackRequest request)
    {
        Enqueue(request);
        return Task.CompletedTask;
    }

    private void Enqueue(WriteBackRequest request)
    {
        if (_queued.TryGetValue(request.OrderId, out var queued) && queued.Revision >= request.Revision
            || _finished.TryGetValue(request.OrderId, out var finished) && finished >= request.Revision
            // Stored PENDING by its order grain: taken up from the orders table when the hold ends.
            || HeldLong)
        {
            return;
        }
        _queued[request.OrderId] = request;
        if (!_writing.ContainsKey(request.OrderId))
        {
            var loop = WriteLoopAsync(request.OrderId, _deactivating.Token);
            // One that ended before its first await (deactivating) has already taken itself out.
            if (!loop.IsCompleted)
            {
                _writing[request.OrderId] = loop;
            }
        }
    }

    private void KickResume()
    {
        if (_resume is { IsCompleted: false } || HeldLong)
        {
            return;
        }
        _resume = ResumeWriteBacksAsync();
    }

    /// <summary>The results left PENDING in the orders table (the silo stopped, a queueing call failed, writes were held).</summary>
    private async Task ResumeWriteBacksAsync()
    {
        try
        {
            foreach (var request in await orders.PendingWriteBacksAsync(Id, ResumeBatch, _deactivating.Token))
            {
                Enqueue(request);
            }
        }
        catch (Exception error) when (!_deactivating.IsCancellationRequested)
        {
            logger.LogWarning("Integration {IntegrationId}: could not read pending write-backs ({Error}); the next tick tries again", Id, error.Message);
        }
    }

    /// <summary>Every FAILED write-back of the integration, written again through its order grain, which decides whether it may be.</summary>
    private async Task RetryFailedWriteBacksAsync(CancellationToken cancellationToken)
    {
        var retried = 0;
        try
        {
            var after = "";
            while (true)
            {
                var ids = await orders.FailedWriteBacksAsync(Id, after, IdsPerCall, cancellationToken);
                foreach (var orderId in ids)
                {
                    try
                    {
                        if ((await GrainFactory.GetGrain<IOrderGrain>(orderId).RetryWriteBack()).Outcome == OrderCommandOutcome.Accepted)
                        {
                            retried++;
                        }
                    }
                    catch (Exception error) when (!cancellationToken.IsCancellationRequested)
                    {
                        // One order that cannot be reached now stays FAILED; the others go on.
                        logger.LogWarning("Order {OrderId} of integration {IntegrationId}: the failed write-back was not retried ({Error})",
                            orderId, Id, error.Message);
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
                logger.LogInformation("Integration {IntegrationId} is active again: {Count} failed write-backs are written again", Id, retried);
            }
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Integration {IntegrationId}: retrying failed write-backs stopped after {Count} ({Error})", Id, retried, error.Message);
        }
        catch (OperationCanceledException)
        {
            logger.LogInformation("Integration {IntegrationId}: deactivating; failed write-backs not yet retried stay FAILED", Id);
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
                if (HeldFor() is { } held)
                {
                    if (held > LongestWait)
                    {
                        // Still PENDING in the orders table: resumed when the hold ends.
                        _queued.Remove(orderId);
                        break;
                    }
                    DelayDeactivation(held + Tick);
                    await Task.Delay(held, clock, cancellationToken);
                    continue;
                }
                WriteBackReport report;
                TimeSpan? retryIn = null;
                try
                {
                    if (await WriteAsync(() => kombo.UpdateOrderResultAsync(orderId, KomboResultBody.From(request.Result), Id, cancellationToken),
                            cancellationToken) is not { } response)
                    {
                        continue;
                    }
                    attempts++;
                    report = new WriteBackReport(revision, WriteStatus.Done, attempts, null, Warnings(response));
                }
                catch (Exception error) when (!cancellationToken.IsCancellationRequested)
                {
                    attempts++;
                    switch (KomboWrites.Classify(error))
                    {
                        case WriteFailure.Refused:
                            // A final result written twice (the HTTP retry after a timeout, a retry here, a resumed write) is
                            // refused the second time because the first was applied: what Kombo holds tells the two apart.
                            var refused = (KomboApiException)error;
                            report = request.Result.Status != ResultStatus.Open && await KomboHoldsAsync(orderId, request.Result.Status, cancellationToken)
                                ? new WriteBackReport(revision, WriteStatus.Done, attempts, null, [])
                                : new WriteBackReport(revision, WriteStatus.Failed, attempts, refused.KomboMessage, []);
                            break;
                        case WriteFailure.Wait:
                            // Not a failure of the result: it stays PENDING, and the loop stops at the hold this sets (or
                            // waits out a short one); the result is written when the integration takes writes again.
                            report = new WriteBackReport(revision, WriteStatus.Pending, attempts, Wait((KomboApiException)error), []);
                            break;
                        default:
                            retryIn = RetryWait(attempts, error);
                            report = new WriteBackReport(revision, WriteStatus.Pending, attempts, Describe(error), []);
                            logger.LogWarning("Order {OrderId} of integration {IntegrationId}: write-back failed (attempt {Attempt}), retrying: {Error}",
                                orderId, Id, attempts, report.LastError);
                            break;
                    }
                }

                await GrainFactory.GetGrain<IOrderGrain>(orderId).RecordWriteBack(report);
                if (report.Status == WriteStatus.Pending)
                {
                    if (retryIn is { } wait)
                    {
                        DelayDeactivation(wait + Tick);
                        await Task.Delay(wait, clock, cancellationToken);
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
                orderId, Id, error.Message);
        }
        finally
        {
            _writing.Remove(orderId);
        }
    }

    /// <summary>Whether Kombo's order already has <paramref name="status"/>.</summary>
    private async Task<bool> KomboHoldsAsync(string orderId, ResultStatus status, CancellationToken cancellationToken)
    {
        var page = (await kombo.ListOrdersAsync(new Dictionary<string, string> { ["ids"] = orderId }, Id, cancellationToken)).Data;
        var holds = page.Results.Any(o => RecordFields.String(o, "status") == KomboJson.Name(status));
        if (holds)
        {
            logger.LogInformation("Order {OrderId} of integration {IntegrationId}: Kombo refused the result as a repeat of one it holds; written back",
                orderId, Id);
        }
        return holds;
    }

    /// <summary>
    /// One Kombo write within the integration's share of Kombo's concurrent-write limit; null, without calling Kombo,
    /// when writes became held while it waited for a slot.
    /// </summary>
    private async Task<KomboResponse<object>?> WriteAsync(Func<Task<KomboResponse<object>>> write, CancellationToken cancellationToken)
    {
        await _writeSlots.WaitAsync(cancellationToken);
        try
        {
            return HeldFor() is null ? await write() : null;
        }
        finally
        {
            _writeSlots.Release();
        }
    }
}
