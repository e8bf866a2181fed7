using System.Globalization;
using Microsoft.Extensions.Logging;
using OrleansKombo.Grains.Kombo;

namespace OrleansKombo.Grains.Assessment;

/// <summary>
/// The gate every Kombo write of one integration passes: at most <c>Kombo:MaxConcurrentWrites</c> in flight, and none
/// while writes are held (the integration cannot take them now, or Kombo asked us to wait). The assessment grain has one
/// activation cluster-wide and one gate, so the limit holds whichever silo the results arrive on. The hold is in memory
/// only: a new activation finds out again with one write.
/// </summary>
/// <param name="keepAlive">Keeps the activation alive at least this long (the grain's DelayDeactivation).</param>
public sealed class KomboWriteGate(string integrationId, int maxConcurrentWrites, TimeProvider clock, Action<TimeSpan> keepAlive, ILogger logger)
{
    /// <summary>Orleans' shortest reminder period: how soon stalled work is resumed.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMinutes(1);

    /// <summary>Retries wait in the background at most this long; the next tick covers anything longer.</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _slots = new(maxConcurrentWrites, maxConcurrentWrites);

    /// <summary>Until when no write goes to Kombo, and why (KomboWrites.HoldFor, or Kombo's Retry-After).</summary>
    private DateTimeOffset? _heldUntil;
    private string? _heldBecause;

    private DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>How much longer writes are held; null when they are not.</summary>
    public TimeSpan? HeldFor() => _heldUntil is { } until && until > Now ? until - Now : null;

    /// <summary>Held longer than a background wait: loops stop, and the tick after the hold (or the integration's return) resumes them.</summary>
    public bool HeldLong => HeldFor() > LongestWait;

    public void Hold(TimeSpan span, string because)
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
            logger.LogWarning("Integration {IntegrationId}: writes to Kombo held until {Until:u}: {Reason}", integrationId, until, because);
        }
    }

    /// <summary>The integration takes writes again: any hold ends now.</summary>
    public void Lift()
    {
        if (_heldUntil is not null)
        {
            logger.LogInformation("Integration {IntegrationId} is active again: its held writes resume ({Reason})", integrationId, _heldBecause);
            (_heldUntil, _heldBecause) = (null, null);
        }
    }

    /// <summary>
    /// The wait before the same write is tried again: Kombo's Retry-After holds every write of the integration (Kombo
    /// paces the integration, not one order) and returns null, as the loop's hold check then waits; otherwise 1 s doubling
    /// to a minute, with jitter.
    /// </summary>
    public TimeSpan? RetryWait(int attempts, Exception error)
    {
        if (error is KomboApiException { RetryAfter: { } retryAfter } throttled && retryAfter > TimeSpan.Zero)
        {
            Hold(retryAfter, $"Kombo asked us to wait {retryAfter.TotalSeconds:0.#} s ({throttled.Code ?? ((int)throttled.Status).ToString(CultureInfo.InvariantCulture)})");
            return null;
        }
        return Backoff.Jittered(attempts, TimeSpan.FromSeconds(1), LongestWait);
    }

    /// <summary>Holds the integration's writes because it cannot take them now; the message shown meanwhile.</summary>
    public string Wait(KomboApiException error)
    {
        Hold(KomboWrites.HoldFor(error.Kind), error.Message);
        return $"Waiting until the integration takes writes again: {error.Message}";
    }

    /// <summary>
    /// One Kombo write within the integration's share of Kombo's concurrent-write limit; null, without calling Kombo,
    /// when writes became held while it waited for a slot.
    /// </summary>
    public async Task<KomboResponse<object>?> WriteAsync(Func<Task<KomboResponse<object>>> write, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return HeldFor() is null ? await write() : null;
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Waits in the background, keeping the activation alive meanwhile.</summary>
    public Task PauseAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        keepAlive(wait + Tick);
        return Task.Delay(wait, clock, cancellationToken);
    }

    public static IReadOnlyList<string> Warnings(KomboResponse<object> response) =>
        response.Warnings?.Select(w => w.Message).ToList() ?? [];
}
