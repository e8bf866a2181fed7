using System.Globalization;
using Microsoft.Extensions.Logging;
using OrleansKombo.Assessment;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Grains.Orders;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Integrations;

namespace OrleansKombo.Grains.Assessment;

/// <summary>
/// The assessment side of one integration. It is the only caller of Kombo's assessment writes for its integration,
/// and one activation exists cluster-wide, so its semaphore keeps the integration within Kombo's limit of
/// concurrent writes whichever silo the results arrive on. Pushes and write-backs run in the background on the
/// grain's scheduler; what they owe is in PostgreSQL (the state, the orders table), so a reminder resumes them.
/// How a failed write is treated is decided by <see cref="KomboWrites"/> from Kombo's error code.
/// </summary>
public sealed partial class AssessmentGrain(
    [PersistentState("assessment", StorageNames.Postgres)] IPersistentState<AssessmentState> state,
    IKomboApi kombo,
    OrderStore orders,
    KomboOptions komboOptions,
    SyncOptions syncOptions,
    OrdersOptions options,
    TimeProvider clock,
    ILogger<AssessmentGrain> logger) : Grain, IAssessmentGrain, IRemindable
{
    private const string ReminderName = "assessment";

    /// <summary>Orleans' shortest reminder period: how soon stalled work is resumed.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromMinutes(1);

    /// <summary>Retries wait in the background at most this long; the next tick covers anything longer.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(1);

    /// <summary>Order ids per Kombo call when the orders we hold open are looked up (<c>ids=</c>), and per page of failed write-backs.</summary>
    private const int IdsPerCall = 100;

    /// <summary>Pending write-backs taken from the orders table per resume; the rest on a later tick.</summary>
    private const int ResumeBatch = 1000;

    /// <summary>Kombo's order statuses that close an order.</summary>
    private const string ClosedStatuses = "COMPLETED,CANCELLED,REJECTED";

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
    private Task? _retryFailed;
    private bool _reminderRegistered;

    /// <summary>
    /// Until when no write goes to Kombo, and why: the integration cannot take writes (KomboWrites.HoldFor), or Kombo's
    /// Retry-After. In memory only: a new activation finds out again with one write.
    /// </summary>
    private DateTimeOffset? _heldUntil;
    private string? _heldBecause;

    private string Id => this.GetPrimaryKeyString();

    private DateTimeOffset Now => clock.GetUtcNow();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Push is not null)
        {
            await EnsureReminderAsync();
            KickPush();
            KickResume();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await _deactivating.CancelAsync();
        var running = new[] { _push, _reconcile, _resume, _retryFailed }.Concat(_writing.Values).OfType<Task>();
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
        KickResume();
        if (integration == IntegrationLifecycle.Active
            && (state.State.ReconcileStartedAt is not null || state.State.LastReconcileAt is not { } last || last + options.ReconcileEvery <= Now))
        {
            KickReconcile();
        }
    }

    public async Task IntegrationActive()
    {
        if (_heldUntil is not null)
        {
            logger.LogInformation("Integration {IntegrationId} is active again: its held writes resume ({Reason})", Id, _heldBecause);
            (_heldUntil, _heldBecause) = (null, null);
        }
        if (state.State.Push is { } push)
        {
            // Kombo may have lost the packages while the integration was down.
            if (push.Status != WriteStatus.Pending)
            {
                await SaveAsync(s => s.Push = s.Push! with { Status = WriteStatus.Pending, RequestedAt = Now, LastError = null });
                logger.LogInformation("Integration {IntegrationId}: pushing package set {Revision} to Kombo again", Id, state.State.Revision);
            }
            await EnsureReminderAsync();
            KickPush();
        }
        KickResume();
        if (_retryFailed is not { IsCompleted: false })
        {
            _retryFailed = RetryFailedWriteBacksAsync(_deactivating.Token);
        }
    }

    // ---- holding writes -------------------------------------------------------------------------------------

    /// <summary>How much longer writes are held; null when they are not.</summary>
    private TimeSpan? HeldFor() => _heldUntil is { } until && until > Now ? until - Now : null;

    /// <summary>Held longer than a background wait: loops stop, and the tick after the hold (or IntegrationActive) resumes them.</summary>
    private bool HeldLong => HeldFor() > LongestWait;

    private void Hold(TimeSpan span, string because)
    {
        var until = Now + span;
        if (_heldUntil is { } current && current >= until)
        {
            return;
        }
        var wasHeld = HeldFor() is not null;
        (_heldUntil, _heldBecause) = (until, because);
        if (!wasHeld)
        {
            logger.LogWarning("Integration {IntegrationId}: writes to Kombo held until {Until:u}: {Reason}", Id, until, because);
        }
    }

    /// <summary>
    /// The wait before the same write is tried again: Kombo's Retry-After holds every write of the integration (Kombo
    /// paces the integration, not one order) and returns null, as the loop's hold check then waits; otherwise 1 s doubling
    /// to a minute, with jitter.
    /// </summary>
    private TimeSpan? RetryWait(int attempts, Exception error)
    {
        if (error is KomboApiException { RetryAfter: { } retryAfter } throttled && retryAfter > TimeSpan.Zero)
        {
            Hold(retryAfter, $"Kombo asked us to wait {retryAfter.TotalSeconds:0.#} s ({throttled.Code ?? ((int)throttled.Status).ToString(CultureInfo.InvariantCulture)})");
            return null;
        }
        return Backoff.Jittered(attempts, TimeSpan.FromSeconds(1), LongestWait);
    }

    /// <summary>Holds the integration's writes because it cannot take them now; the message shown meanwhile.</summary>
    private string Wait(KomboApiException error)
    {
        Hold(KomboWrites.HoldFor(error.Kind), error.Message);
        return $"Waiting until the integration takes writes again: {error.Message}";
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

    private PackageSet View() =>
        new(Id, state.State.Packages, state.State.Withdrawn, state.State.Push, state.State.UpdatedAt);

    private void KickPush()
    {
        if (_push is { IsCompleted: false } || state.State.Push is not { Status: WriteStatus.Pending } || HeldLong)
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
                if (HeldFor() is { } held)
                {
                    if (held > LongestWait)
                    {
                        return;
                    }
                    DelayDeactivation(held + Tick);
                    await Task.Delay(held, clock, cancellationToken);
                    continue;
                }
                var revision = state.State.Revision;
                var attempts = push.Attempts + 1;
                TimeSpan? retryIn = null;
                try
                {
                    if (await WriteAsync(() => kombo.SetPackagesAsync(new KomboPackagesBody(state.State.Packages.ToList()), Id, cancellationToken),
                            cancellationToken) is not { } response)
                    {
                        continue;
                    }
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
                catch (Exception error) when (!cancellationToken.IsCancellationRequested)
                {
                    var failure = KomboWrites.Classify(error);
                    var lastError = failure switch
                    {
                        WriteFailure.Refused => error.Message,
                        WriteFailure.Wait => Wait((KomboApiException)error),
                        _ => Describe(error),
                    };
                    await SaveAsync(s =>
                    {
                        // A newer set stored meanwhile has a push of its own, which this outcome is not about.
                        if (s.Revision == revision)
                        {
                            s.Push = s.Push! with
                            {
                                Status = failure == WriteFailure.Refused ? WriteStatus.Failed : WriteStatus.Pending, Attempts = attempts, LastError = lastError,
                            };
                        }
                    });
                    if (failure == WriteFailure.Refused)
                    {
                        logger.LogError("Integration {IntegrationId}: Kombo refused package set {Revision}: {Error}", Id, revision, lastError);
                    }
                    else if (failure == WriteFailure.Retry)
                    {
                        retryIn = RetryWait(attempts, error);
                        logger.LogWarning("Integration {IntegrationId}: package push failed (attempt {Attempt}), retrying: {Error}", Id, attempts, lastError);
                    }
                }
                if (retryIn is { } wait)
                {
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
}
