using Microsoft.Extensions.Logging;
using OrleansKombo.Assessment;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Grains.Orders;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Integrations;

namespace OrleansKombo.Grains.Assessment;

/// <summary>
/// The assessment side of one integration. It is the only caller of Kombo's assessment writes for its integration,
/// and one activation exists cluster-wide, so its <see cref="KomboWriteGate"/> keeps the integration within Kombo's limit
/// of concurrent writes whichever silo the results arrive on. It coordinates three pieces of work it owns, each running
/// in the background on the grain's scheduler: the package push (<see cref="PackagePusher"/>), the write-back queue
/// (<see cref="WriteBackQueue"/>) and order reconciliation (<see cref="OrderReconciler"/>). What they owe is in
/// PostgreSQL (the state, the orders table), so the reminder resumes them.
/// </summary>
public sealed class AssessmentGrain : Grain, IAssessmentGrain, IRemindable
{
    private const string ReminderName = "assessment";

    private readonly AssessmentStateKeeper _state;
    private readonly KomboWriteGate _gate;
    private readonly PackagePusher _packages;
    private readonly WriteBackQueue _writeBacks;
    private readonly OrderReconciler _reconciler;
    private readonly ILogger<AssessmentGrain> _logger;
    private readonly CancellationTokenSource _deactivating = new();
    private bool _reminderRegistered;

    public AssessmentGrain(
        [PersistentState("assessment", StorageNames.Postgres)] IPersistentState<AssessmentState> state,
        IKomboApi kombo,
        OrderStore orders,
        Npgsql.NpgsqlDataSource dataSource,
        KomboOptions komboOptions,
        SyncOptions syncOptions,
        OrdersOptions options,
        IGrainFactory grains,
        TimeProvider clock,
        ILogger<AssessmentGrain> logger)
    {
        var id = this.GetPrimaryKeyString();
        var stopping = _deactivating.Token;
        _logger = logger;
        _state = new AssessmentStateKeeper(state);
        _gate = new KomboWriteGate(id, komboOptions.MaxConcurrentWrites, clock, DelayDeactivation, logger);
        _packages = new PackagePusher(id, _state, kombo, _gate, clock, logger, stopping);
        var integrationOrders = new AssessmentOrders(id, orders, grains);
        // Trigger orders' results go into the application through the same gate, so all writes share the one limit.
        var ats = new AtsResultWriter(id, kombo, _gate, new AtsWriteAttempts(dataSource), new AtsResultPlans(dataSource),
            packageId => _state.State.Packages.FirstOrDefault(p => p.Id == packageId)?.Name, clock, logger);
        _writeBacks = new WriteBackQueue(id, integrationOrders, kombo, _gate, ats, logger, stopping);
        _reconciler = new OrderReconciler(id, _state, integrationOrders, kombo, IntegrationStateAsync, options, syncOptions.PageSize, clock,
            DelayDeactivation, logger, stopping);
    }

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_state.State.Push is not null)
        {
            await EnsureReminderAsync();
            _packages.Kick();
            _writeBacks.KickResume();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await _deactivating.CancelAsync();
        var running = _writeBacks.Running.Append(_packages.Running).Append(_reconciler.Running).OfType<Task>();
        await Task.WhenAll(running).WaitAsync(cancellationToken).ContinueWith(_ => { }, CancellationToken.None);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (_state.State.Push is null)
        {
            return;
        }
        var integration = await IntegrationStateAsync();
        if (integration == IntegrationLifecycle.Deleted)
        {
            // Deleted is final, and Kombo takes no more writes for it: nothing is left to resume.
            await StopReminderAsync();
            return;
        }
        _packages.Kick();
        _writeBacks.KickResume();
        if (integration == IntegrationLifecycle.Active && _reconciler.Due)
        {
            _reconciler.Kick();
        }
    }

    public async Task IntegrationActive()
    {
        _gate.Lift();
        if (_state.State.Push is not null)
        {
            // Kombo may have lost the packages while the integration was down.
            await _packages.PushAgainAsync();
            await EnsureReminderAsync();
            _packages.Kick();
        }
        _writeBacks.KickResume();
        _writeBacks.KickRetryFailed();
    }

    public Task<PackageSet> GetPackages() => Task.FromResult(View());

    public Task<PackageLookup> FindPackage(string packageId)
    {
        var s = _state.State;
        return Task.FromResult(s.Packages.FirstOrDefault(p => p.Id == packageId) is { } package
            ? new PackageLookup(PackageOffer.Offered, package)
            : new PackageLookup(s.Withdrawn.Contains(packageId) ? PackageOffer.Withdrawn : PackageOffer.Unknown, null));
    }

    public async Task<PackageSet> SetPackages(IReadOnlyList<AssessmentPackage> packages)
    {
        await _packages.StoreAsync(packages);
        await EnsureReminderAsync();
        _packages.Kick();
        return View();
    }

    public Task WriteResult(WriteBackRequest request)
    {
        _writeBacks.Enqueue(request);
        return Task.CompletedTask;
    }

    public Task Reconcile()
    {
        _reconciler.Kick();
        return Task.CompletedTask;
    }

    private PackageSet View() =>
        new(Id, _state.State.Packages, _state.State.Withdrawn, _state.State.Push, _state.State.UpdatedAt);

    private async Task<IntegrationLifecycle> IntegrationStateAsync() =>
        (await GrainFactory.GetGrain<IIntegrationGrain>(Id).GetStatus()).State;

    private async Task EnsureReminderAsync()
    {
        if (!_reminderRegistered)
        {
            await this.RegisterOrUpdateReminder(ReminderName, KomboWriteGate.Tick, KomboWriteGate.Tick);
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
        _logger.LogInformation("Integration {IntegrationId} is deleted: its assessment reminder is stopped", Id);
    }
}
