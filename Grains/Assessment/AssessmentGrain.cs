using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansKombo.Assessment;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Grains.Orders;
using OrleansKombo.Integrations;
using OrleansKombo.Orders;
using OrleansKombo.Webhooks;

namespace OrleansKombo.Grains.Assessment;

/// <summary>
/// The assessment side of one integration. It is the only caller of Kombo's assessment writes for its integration,
/// and one activation exists cluster-wide, so its semaphore keeps the integration within Kombo's limit of
/// concurrent writes whichever silo the results arrive on. Pushes and write-backs run in the background on the
/// grain's scheduler; what they owe is in PostgreSQL (the state, the orders table), so a reminder resumes them.
/// </summary>
public sealed class AssessmentGrain(
    [PersistentState("assessment", StorageNames.Postgres)] IPersistentState<AssessmentState> state,
    IKomboApi kombo,
    OrderStore orders,
    KomboOptions komboOptions,
    OrdersOptions options,
    TimeProvider clock,
    ILogger<AssessmentGrain> logger) : Grain, IAssessmentGrain, IRemindable
{
    private const string ReminderName = "assessment";

    /// <summary>Orleans' shortest reminder period: how soon stalled work is resumed.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromMinutes(1);

    /// <summary>Retries wait in the background at most this long; the next tick covers anything longer.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _writeSlots = new(komboOptions.MaxConcurrentWrites, komboOptions.MaxConcurrentWrites);
    private readonly SemaphoreSlim _save = new(1, 1);
    private readonly CancellationTokenSource _deactivating = new();

    /// <summary>The newest result per order still to write; an order's loop writes whatever is newest here.</summary>
    private readonly Dictionary<string, WriteBackRequest> _queued = new(StringComparer.Ordinal);

    /// <summary>
    /// Each order's running write loop, which deactivation waits for (a new activation resumes the same writes), and
    /// the revision each last finished, so a resumed scan adds nothing twice.
    /// </summary>
    private readonly Dictionary<string, Task> _writing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _finished = new(StringComparer.Ordinal);

    private Task? _push;
    private Task? _reconcile;
    private Task? _resume;
    private bool _reminderRegistered;

    private string Id => this.GetPrimaryKeyString();

    private DateTimeOffset Now => clock.GetUtcNow();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Push is not null)
        {
            await EnsureReminderAsync();
            KickPush();
            _resume = ResumeWriteBacksAsync();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await _deactivating.CancelAsync();
        var running = new[] { _push, _reconcile, _resume }.Concat(_writing.Values).OfType<Task>();
        await Task.WhenAll(running).WaitAsync(cancellationToken).ContinueWith(_ => { }, CancellationToken.None);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Push is null)
        {
            return;
        }
        var integration = (await GrainFactory.GetGrain<IIntegrationGrain>(Id).GetStatus()).State;
        if (integration == IntegrationLifecycle.Deleted)
        {
            // Deleted is final, and Kombo takes no more writes for it: nothing is left to resume.
            await StopReminderAsync();
            return;
        }
        KickPush();
        if (_resume is null or { IsCompleted: true })
        {
            _resume = ResumeWriteBacksAsync();
        }
        if (integration == IntegrationLifecycle.Active && (state.State.LastReconcileAt is not { } last || last + options.ReconcileEvery <= Now))
        {
            KickReconcile();
        }
    }

    // ---- packages -------------------------------------------------------------------------------------------

    public Task<PackageSet> GetPackages() => Task.FromResult(View());

    public Task<PackageLookup> FindPackage(string packageId)
    {
        var s = state.State;
        return Task.FromResult(s.Packages.FirstOrDefault(p => p.Id == packageId) is { } package
            ? new PackageLookup(PackageOffer.Offered, package)
            : new PackageLookup(s.Withdrawn.Contains(packageId) ? PackageOffer.Withdrawn : PackageOffer.Unknown, null));
    }

    public async Task<PackageSet> SetPackages(IReadOnlyList<AssessmentPackage> packages)
    {
        if (PackageRules.Problems(packages) is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(packages));
        }
        var ids = packages.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        await SaveAsync(s =>
        {
            s.Withdrawn = s.Withdrawn.Concat(s.Packages.Select(p => p.Id)).Where(id => !ids.Contains(id)).Distinct().Order(StringComparer.Ordinal).ToList();
            s.Packages = packages.ToList();
            s.Revision++;
            s.UpdatedAt = Now;
            s.Push = new PackagePush(WriteStatus.Pending, 0, null, [], Now, null);
        });
        logger.LogInformation("Integration {IntegrationId}: package set {Revision} stored ({Count} packages, {Withdrawn} withdrawn); pushing it to Kombo",
            Id, state.State.Revision, packages.Count, state.State.Withdrawn.Count);
        await EnsureReminderAsync();
        KickPush();
        return View();
    }

    public async Task PushPackages()
    {
        if (state.State.Push is not { } push)
        {
            return;
        }
        if (push.Status != WriteStatus.Pending)
        {
            await SaveAsync(s => s.Push = s.Push! with { Status = WriteStatus.Pending, RequestedAt = Now, LastError = null });
            logger.LogInformation("Integration {IntegrationId}: pushing package set {Revision} to Kombo again", Id, state.State.Revision);
        }
        await EnsureReminderAsync();
        KickPush();
    }

    private PackageSet View() =>
        new(Id, state.State.Packages, state.State.Withdrawn, state.State.Push, state.State.UpdatedAt);

    private void KickPush()
    {
        if (_push is { IsCompleted: false } || state.State.Push is not { Status: WriteStatus.Pending })
        {
            return;
        }
        _push = PushAsync(_deactivating.Token);
    }

    private async Task PushAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (state.State.Push is { Status: WriteStatus.Pending } push)
            {
                var revision = state.State.Revision;
                var attempts = push.Attempts + 1;
                try
                {
                    var response = await WriteAsync(() => kombo.SetPackagesAsync(new KomboPackagesBody(state.State.Packages.ToList()), Id, cancellationToken),
                        cancellationToken);
                    var warnings = Warnings(response);
                    await SaveAsync(s =>
                    {
                        // A newer set stored meanwhile keeps its own PENDING push, and the loop sends it next.
                        if (s.Revision == revision)
                        {
                            s.Push = s.Push! with { Status = WriteStatus.Done, Attempts = attempts, LastError = null, Warnings = warnings, PushedAt = Now };
                        }
                    });
                    logger.LogInformation("Integration {IntegrationId}: Kombo acknowledged package set {Revision} (attempt {Attempt}, {Warnings} warnings)",
                        Id, revision, attempts, warnings.Count);
                }
                catch (KomboApiException refused) when (!refused.IsTransient && !refused.IsNotReady)
                {
                    await SaveAsync(s => s.Push = s.Push! with { Status = WriteStatus.Failed, Attempts = attempts, LastError = refused.Message });
                    logger.LogError("Integration {IntegrationId}: Kombo refused package set {Revision}: {Error}", Id, revision, refused.Message);
                }
                catch (Exception error) when (!cancellationToken.IsCancellationRequested)
                {
                    var wait = RetryWait(attempts, error);
                    await SaveAsync(s => s.Push = s.Push! with { Attempts = attempts, LastError = Describe(error) });
                    logger.LogWarning("Integration {IntegrationId}: package push failed (attempt {Attempt}), retrying in {Wait:0} s: {Error}",
                        Id, attempts, wait.TotalSeconds, Describe(error));
                    DelayDeactivation(wait + Tick);
                    await Task.Delay(wait, clock, cancellationToken);
                }
            }
        }
        catch (Exception error) when (error is OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Integration {IntegrationId}: deactivating; the package push resumes on the next tick", Id);
        }
        catch (Exception error)
        {
            // Typically PostgreSQL away while recording the outcome: the stored push is still PENDING, the tick resumes it.
            logger.LogWarning("Integration {IntegrationId}: package push stopped ({Error}); it resumes on the next tick", Id, error.Message);
        }
    }

    // ---- write-backs ----------------------------------------------------------------------------------------

    public Task WriteResult(WriteBackRequest request)
    {
        Enqueue(request);
        return Task.CompletedTask;
    }

    private void Enqueue(WriteBackRequest request)
    {
        if (_queued.TryGetValue(request.OrderId, out var queued) && queued.Revision >= request.Revision
            || _finished.TryGetValue(request.OrderId, out var finished) && finished >= request.Revision)
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

    /// <summary>The results left PENDING in the orders table (the silo stopped, or a queueing call failed).</summary>
    private async Task ResumeWriteBacksAsync()
    {
        try
        {
            foreach (var request in await orders.PendingWriteBacksAsync(Id, _deactivating.Token))
            {
                Enqueue(request);
            }
        }
        catch (Exception error) when (!_deactivating.IsCancellationRequested)
        {
            logger.LogWarning("Integration {IntegrationId}: could not read pending write-backs ({Error}); the next tick tries again", Id, error.Message);
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
                attempts++;
                WriteBackReport report;
                TimeSpan? retryIn = null;
                try
                {
                    var response = await WriteAsync(() => kombo.UpdateOrderResultAsync(orderId, KomboResultBody.From(request.Result), Id, cancellationToken),
                        cancellationToken);
                    report = new WriteBackReport(revision, WriteStatus.Done, attempts, null, Warnings(response));
                }
                catch (KomboApiException refused) when (!refused.IsTransient && !refused.IsNotReady)
                {
                    // A final result written twice (the HTTP retry after a timeout, a retry here, a resumed write) is
                    // refused the second time because the first was applied: what Kombo holds tells the two apart.
                    report = request.Result.Status != ResultStatus.Open && await KomboHoldsAsync(orderId, request.Result.Status, cancellationToken)
                        ? new WriteBackReport(revision, WriteStatus.Done, attempts, null, [])
                        : new WriteBackReport(revision, WriteStatus.Failed, attempts, refused.KomboMessage, []);
                }
                catch (Exception error) when (!cancellationToken.IsCancellationRequested)
                {
                    retryIn = RetryWait(attempts, error);
                    report = new WriteBackReport(revision, WriteStatus.Pending, attempts, Describe(error), []);
                    logger.LogWarning("Order {OrderId} of integration {IntegrationId}: write-back failed (attempt {Attempt}), retrying in {Wait:0.#} s: {Error}",
                        orderId, Id, attempts, retryIn.Value.TotalSeconds, report.LastError);
                }

                await GrainFactory.GetGrain<IOrderGrain>(orderId).RecordWriteBack(report);
                if (retryIn is { } wait)
                {
                    DelayDeactivation(wait + Tick);
                    await Task.Delay(wait, clock, cancellationToken);
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
        var holds = page.Results.Any(o => o.TryGetProperty("status", out var held) && held.GetString() == KomboJson.Name(status));
        if (holds)
        {
            logger.LogInformation("Order {OrderId} of integration {IntegrationId}: Kombo refused the result as a repeat of one it holds; written back",
                orderId, Id);
        }
        return holds;
    }

    /// <summary>One Kombo write within the integration's share of Kombo's concurrent-write limit.</summary>
    private async Task<KomboResponse<object>> WriteAsync(Func<Task<KomboResponse<object>>> write, CancellationToken cancellationToken)
    {
        await _writeSlots.WaitAsync(cancellationToken);
        try
        {
            return await write();
        }
        finally
        {
            _writeSlots.Release();
        }
    }

    // ---- reconciliation -------------------------------------------------------------------------------------

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

    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var started = Now;
        int open = 0, adopted = 0, flagged = 0;
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
            string? cursor = null;
            do
            {
                DelayDeactivation(TimeSpan.FromMinutes(10));
                var query = new Dictionary<string, string> { ["statuses"] = "OPEN", ["page_size"] = "250" };
                if (cursor is not null)
                {
                    query["cursor"] = cursor;
                }
                var page = (await kombo.ListOrdersAsync(query, Id, cancellationToken)).Data;
                // The list's order objects carry no integration id; they are all this integration's.
                var found = page.Results.Select(r => r.Deserialize<AssessmentOrderReceived>(KomboJson.Tolerant)! with { IntegrationId = Id }).ToList();
                open += found.Count;
                var known = await orders.KnownAsync(found.Select(o => o.Id).ToList(), cancellationToken);
                foreach (var order in found.Where(o => !known.Contains(o.Id)))
                {
                    var decision = await GrainFactory.GetGrain<IOrderGrain>(order.Id).Discover(order);
                    if (decision.Accepted)
                    {
                        adopted++;
                    }
                    else
                    {
                        flagged++;
                    }
                }
                cursor = page.Next;
            }
            while (cursor is not null);

            await SaveAsync(s => s.LastReconcileAt = started);
            logger.Log(flagged > 0 ? LogLevel.Warning : LogLevel.Information,
                "Integration {IntegrationId}: reconciled {Open} open orders in Kombo: {Adopted} missed ones taken, {Flagged} flagged for an operator",
                Id, open, adopted, flagged);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Integration {IntegrationId}: order reconciliation failed after {Open} orders ({Error}); the next tick tries again",
                Id, open, Describe(error));
        }
        catch (OperationCanceledException)
        {
            logger.LogInformation("Integration {IntegrationId}: deactivating; order reconciliation stops", Id);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private async Task SaveAsync(Action<AssessmentState> change)
    {
        await _save.WaitAsync();
        try
        {
            change(state.State);
            await state.WriteStateAsync();
        }
        catch
        {
            // The change was made in place: take back what is stored, so memory never runs ahead of PostgreSQL.
            await state.ReadStateAsync();
            throw;
        }
        finally
        {
            _save.Release();
        }
    }

    private async Task EnsureReminderAsync()
    {
        if (!_reminderRegistered)
        {
            await this.RegisterOrUpdateReminder(ReminderName, Tick, Tick);
            _reminderRegistered = true;
        }
    }

    private async Task StopReminderAsync()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
        _reminderRegistered = false;
        logger.LogInformation("Integration {IntegrationId} is deleted: its assessment reminder is stopped", Id);
    }

    private static IReadOnlyList<string> Warnings(KomboResponse<object> response) =>
        response.Warnings?.Select(w => w.Message).ToList() ?? [];

    private static string Describe(Exception error) => error is KomboApiException kombo ? kombo.Message : $"{error.GetType().Name}: {error.Message}";

    /// <summary>Kombo's Retry-After when it sent one; otherwise 1 s doubling up to a minute, with ±20 % jitter.</summary>
    private static TimeSpan RetryWait(int attempts, Exception error)
    {
        if (error is KomboApiException { RetryAfter: { } retryAfter } && retryAfter > TimeSpan.Zero)
        {
            return retryAfter < LongestWait ? retryAfter : LongestWait;
        }
        return Backoff.Jittered(attempts, TimeSpan.FromSeconds(1), LongestWait);
    }
}
