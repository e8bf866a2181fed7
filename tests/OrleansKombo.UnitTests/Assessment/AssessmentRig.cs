using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OrleansKombo.Grains.Assessment;
using OrleansKombo.Grains.Orders;
using OrleansKombo.Integrations;
using OrleansKombo.UnitTests.Fakes;

namespace OrleansKombo.UnitTests.Assessment;

/// <summary>
/// The pieces an assessment grain owns, wired as the grain wires them, around fakes: Kombo, the orders, the stored state
/// and a clock the test moves. Everything runs in <see cref="Turns"/>, one piece at a time, as on the grain's scheduler.
/// </summary>
public sealed class AssessmentRig : IDisposable
{
    public const string IntegrationId = "greenhouse:unit";

    private readonly CancellationTokenSource _deactivating = new();

    public AssessmentRig(int maxConcurrentWrites = 30, OrdersOptions? options = null, int pageSize = 250)
    {
        Stored = new FakeState<AssessmentState>(s => JsonSerializer.Deserialize<AssessmentState>(JsonSerializer.Serialize(s, KomboJson.Options), KomboJson.Options)!);
        State = new AssessmentStateKeeper(Stored);
        Gate = new KomboWriteGate(IntegrationId, maxConcurrentWrites, Clock, _ => { }, NullLogger.Instance);
        Packages = new PackagePusher(IntegrationId, State, Kombo, Gate, Clock, NullLogger.Instance, _deactivating.Token);
        // Trigger orders' writes need PostgreSQL (their attempts are recorded there); the unit rig writes Kombo's orders only.
        var unused = Npgsql.NpgsqlDataSource.Create("Host=unused.invalid");
        var ats = new AtsResultWriter(IntegrationId, Kombo, Gate, new AtsWriteAttempts(unused), new AtsResultPlans(unused), _ => null, Clock,
            NullLogger.Instance);
        WriteBacks = new WriteBackQueue(IntegrationId, Orders, Kombo, Gate, ats, NullLogger.Instance, _deactivating.Token);
        Reconciler = new OrderReconciler(IntegrationId, State, Orders, Kombo, () => Task.FromResult(Lifecycle), options ?? new OrdersOptions(), pageSize,
            Clock, _ => { }, NullLogger.Instance, _deactivating.Token);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));

    public FakeKombo Kombo { get; } = new();

    public FakeOrders Orders { get; } = new();

    public FakeState<AssessmentState> Stored { get; }

    public AssessmentStateKeeper State { get; }

    public KomboWriteGate Gate { get; }

    public PackagePusher Packages { get; }

    public WriteBackQueue WriteBacks { get; }

    public OrderReconciler Reconciler { get; }

    public GrainTurns Turns { get; } = new();

    /// <summary>What the integration grain answers when the reconciler asks.</summary>
    public IntegrationLifecycle Lifecycle { get; set; } = IntegrationLifecycle.Active;

    /// <summary>Moves the clock a second at a time until <paramref name="condition"/> holds (retries and holds then run out).</summary>
    public Task AdvanceUntil(Func<bool> condition, string what) => Eventually.Until(() =>
    {
        if (condition())
        {
            return true;
        }
        Clock.Advance(TimeSpan.FromSeconds(1));
        return false;
    }, what);

    public void Dispose()
    {
        _deactivating.Cancel();
        _deactivating.Dispose();
    }
}
