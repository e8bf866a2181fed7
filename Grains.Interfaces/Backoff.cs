namespace OrleansKombo;

/// <summary>
/// The one retry schedule: exponential, capped, and jittered so callers that failed together do not retry together.
/// </summary>
/// <remarks>
/// It lives in the contract assembly because both hosts retry: the silo's grains and outbox, and the gateway's webhook
/// inbox, which cannot reference the grains. It is pure arithmetic with no dependency, so it costs the contract nothing.
/// </remarks>
public static class Backoff
{
    /// <summary>Each wait is the schedule's value times a factor from 0.8 to 1.2.</summary>
    public const double Jitter = 0.2;

    /// <returns><paramref name="first"/> doubled per attempt after the first, at most <paramref name="cap"/>, times 0.8 to 1.2.</returns>
    public static TimeSpan Jittered(int attempt, TimeSpan first, TimeSpan cap) =>
        Jittered(attempt, first, cap, Random.Shared.NextDouble());

    /// <param name="sample">A uniform sample from [0, 1): 0 gives the shortest wait, values near 1 the longest.</param>
    public static TimeSpan Jittered(int attempt, TimeSpan first, TimeSpan cap, double sample)
    {
        var ticks = Math.Min(cap.Ticks, first.Ticks * Math.Pow(2, Math.Max(attempt - 1, 0)));
        return TimeSpan.FromTicks((long)(ticks * (1 - Jitter + sample * 2 * Jitter)));
    }

    /// <summary>
    /// The waits for attempts 1, 2, … up to the first that reaches <paramref name="cap"/>, each jittered; a later attempt
    /// waits as long as the last. For a queue in SQL whose rows count their own attempts: the statement picks its row's
    /// wait from this array, so the schedule is still this class's and the row is still updated in one statement.
    /// </summary>
    public static TimeSpan[] JitteredSchedule(TimeSpan first, TimeSpan cap)
    {
        if (first <= TimeSpan.Zero || cap < first)
        {
            throw new ArgumentOutOfRangeException(nameof(first), $"The first wait ({first}) must be positive and at most the cap ({cap}).");
        }
        var waits = new List<TimeSpan>();
        for (var attempt = 1; ; attempt++)
        {
            waits.Add(Jittered(attempt, first, cap));
            if (first.Ticks * Math.Pow(2, attempt - 1) >= cap.Ticks)
            {
                return [.. waits];
            }
        }
    }
}
