using System.Net;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Integrations;

namespace OrleansKombo.Grains.Integrations;

/// <summary>
/// The integration's background work: while there is a pull to do (<see cref="IntegrationStateMachine.NextWork"/>) it
/// waits out a short backoff and runs the pull (<see cref="PullRun"/>), and it turns what Kombo answered into the state
/// the next decision reads (<see cref="PullTransitions"/>). It runs on the grain's scheduler between requests, so
/// webhooks never wait for a pull, and pulls of one integration never overlap. Longer waits are left to the reminder.
/// </summary>
/// <param name="slots">The silo's pull slots: a pull runs only while it holds one (Sync:MaxConcurrentPulls).</param>
/// <param name="ensureReminder">Registers the grain's reminder at the period the state asks for.</param>
/// <param name="keepAlive">Keeps the activation alive at least this long (the grain's DelayDeactivation).</param>
/// <param name="stopping">Cancelled when the grain deactivates.</param>
public sealed class PullLoop(
    string integrationId,
    IntegrationStateKeeper state,
    IntegrationStateMachine rules,
    PullTransitions transitions,
    PullRun run,
    PullSlots slots,
    TimeProvider clock,
    Func<Task> ensureReminder,
    Action<TimeSpan> keepAlive,
    ILogger logger,
    CancellationToken stopping)
{
    /// <summary>A cursor Kombo refuses (it may expire during a long pause) restarts its model; twice, not forever.</summary>
    private const int MaxCursorRestarts = 2;

    /// <summary>Waits up to this long are slept through in the background; longer ones are left to the reminder.</summary>
    private static readonly TimeSpan LongestInlineWait = TimeSpan.FromMinutes(1);

    /// <summary>After PostgreSQL failed to record progress: 2 s doubling to a minute, jittered.</summary>
    private static readonly (TimeSpan First, TimeSpan Cap) Trouble = (TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1));

    /// <summary>How long the activation is kept alive while its pull waits for a slot (a fleet's burst queues up).</summary>
    private static readonly TimeSpan SlotWait = TimeSpan.FromMinutes(30);

    private Task? _work;
    private CancellationTokenSource? _stopWork;
    private CancellationTokenSource? _sleep;
    private int _cursorRestarts;

    /// <summary>The work under way, which deactivation waits for.</summary>
    public Task? Running => _work;

    /// <summary>Starts the background work unless it is running already; a running one sleeping through a backoff looks again.</summary>
    public void Kick()
    {
        if (_work is { IsCompleted: false })
        {
            // It may be sleeping through a backoff that this request just cut short: let it look again.
            _sleep?.Cancel();
            return;
        }
        if (Next() is not { Wait: var wait } || wait > LongestInlineWait)
        {
            return;
        }
        // Not awaited: it runs on this activation's scheduler between requests.
        _stopWork = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _work = WorkAsync(_stopWork.Token);
    }

    /// <summary>Stops a pull under way (the integration was deleted); the next page is not written.</summary>
    public void Stop() => _stopWork?.Cancel();

    private (PullMode Mode, TimeSpan Wait)? Next() => rules.NextWork(state.State, state.Stored);

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        var troubles = 0;
        try
        {
            await ensureReminder();
            while (!cancellationToken.IsCancellationRequested && Next() is { } work && work.Wait <= LongestInlineWait)
            {
                if (work.Wait > TimeSpan.Zero)
                {
                    await SleepAsync(work.Wait, cancellationToken);
                    continue;
                }
                try
                {
                    await TryPullAsync(work.Mode, cancellationToken);
                    troubles = 0;
                }
                catch (Exception error) when (error is not (OperationCanceledException or InconsistentStateException))
                {
                    // Typically PostgreSQL away while we record progress or a setback: the checkpoint in the
                    // database is still right, so try again soon, from there.
                    var pause = Backoff.Jittered(++troubles, Trouble.First, Trouble.Cap);
                    logger.LogWarning("Integration {IntegrationId}: could not record the pull's progress ({Error}); trying again in {Wait:0} s",
                        integrationId, error.Message, pause.TotalSeconds);
                    keepAlive(pause + TimeSpan.FromMinutes(1));
                    await Task.Delay(pause, clock, cancellationToken);
                }
            }
            await ensureReminder();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation(state.State.State == IntegrationLifecycle.Deleted
                ? "Integration {IntegrationId}: deleted; its pull stopped"
                : "Integration {IntegrationId}: deactivating; the pull resumes from its checkpoint", integrationId);
        }
        catch (Exception error)
        {
            // A second activation took over (InconsistentState) or the reminder service is away; the reminder or the
            // next activation picks the work up again from the committed checkpoint.
            logger.LogWarning("Integration {IntegrationId}: background work stopped ({Error}); it resumes from the checkpoint later",
                integrationId, error.Message);
        }
    }

    /// <summary>Sleeps through a backoff; <see cref="Kick"/> wakes it early, and the loop then decides again.</summary>
    private async Task SleepAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        keepAlive(wait + TimeSpan.FromMinutes(1));
        using var sleep = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _sleep = sleep;
        try
        {
            await Task.Delay(wait, clock, sleep.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Woken by a request; the caller looks at the state again.
        }
        finally
        {
            _sleep = null;
        }
    }

    /// <summary>One pull attempt; what Kombo's answer means is recorded for the next decision.</summary>
    private async Task TryPullAsync(PullMode mode, CancellationToken cancellationToken)
    {
        try
        {
            using (await WaitForSlotAsync(cancellationToken))
            {
                await run.RunAsync(mode, cancellationToken);
            }
            _cursorRestarts = 0;
        }
        catch (KomboApiException error) when (error.Status == HttpStatusCode.BadRequest && state.State.Pull?.Cursor is not null
            && ++_cursorRestarts <= MaxCursorRestarts)
        {
            logger.LogWarning("Integration {IntegrationId}: Kombo refused our cursor ({Error}); reading this model again from its start",
                integrationId, error.KomboMessage);
            await state.MutateAsync(s =>
            {
                transitions.RestartModel(s);
                return true;
            });
        }
        catch (KomboApiException error) when (error.Kind == KomboErrorKind.IntegrationGone)
        {
            await state.MutateAsync(s => transitions.Gone(s, error));
            logger.LogWarning("Integration {IntegrationId}: Kombo does not know it ({Error}); no pulls until a webhook names it or an operator asks for a sync",
                integrationId, error.Message);
        }
        catch (KomboApiException error) when (error.Kind == KomboErrorKind.IntegrationInactive)
        {
            await state.MutateAsync(s => transitions.Inactive(s, error));
            logger.LogInformation("Integration {IntegrationId}: Kombo says it is inactive ({Error}); no pulls until integration-state-changed says ACTIVE",
                integrationId, error.Message);
        }
        catch (InconsistentStateException)
        {
            throw;
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            await RecordSetbackAsync(PullSetback.For(error), KomboErrors.Describe(error), (error as KomboApiException)?.Code);
        }
    }

    /// <summary>
    /// Waits for one of the silo's pull slots; the activation is kept alive meanwhile, and deactivation ends the wait
    /// (the pull then resumes from its checkpoint wherever the grain is activated next).
    /// </summary>
    private async Task<IDisposable> WaitForSlotAsync(CancellationToken cancellationToken)
    {
        keepAlive(SlotWait);
        if (slots.Free == 0)
        {
            logger.LogDebug("Integration {IntegrationId}: waiting for a pull slot ({Running} pulls running, {Waiting} waiting)",
                integrationId, slots.Running, slots.Waiting);
        }
        return await slots.AcquireAsync(cancellationToken);
    }

    /// <summary>Records an attempt that got no data and schedules the next as <paramref name="setback"/> says.</summary>
    private async Task RecordSetbackAsync(PullSetback setback, string error, string? code)
    {
        var (attempt, wait) = (0, TimeSpan.Zero);
        await state.MutateAsync(s =>
        {
            (attempt, wait) = transitions.Setback(s, setback, error, code);
            return true;
        });
        switch (setback.Kind)
        {
            case KomboErrorKind.NotReady or KomboErrorKind.SetupIncomplete or KomboErrorKind.QaFailed:
                logger.LogInformation("Integration {IntegrationId}: Kombo has no data yet ({Error}); asking again in {Wait:0} s", integrationId, error, wait.TotalSeconds);
                break;
            case KomboErrorKind.OurCredentials:
                // Every integration fails the same way, and only an operator can fix it.
                logger.LogError("Integration {IntegrationId}: Kombo refuses our API key or our address ({Error}); check Kombo:ApiKey (and Kombo's IP allowlist); trying again in {Wait:0} s",
                    integrationId, error, wait.TotalSeconds);
                break;
            case KomboErrorKind.CustomerCredentials:
                logger.LogWarning("Integration {IntegrationId}: Kombo says the customer's ATS credentials are refused ({Error}); the customer must reconnect; trying again in {Wait:0} s",
                    integrationId, error, wait.TotalSeconds);
                break;
            default:
                logger.LogWarning("Integration {IntegrationId}: pull attempt {Attempt} failed ({Error}); resuming from the checkpoint in {Wait:0} s",
                    integrationId, attempt, error, wait.TotalSeconds);
                break;
        }
    }
}
