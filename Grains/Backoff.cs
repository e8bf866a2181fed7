namespace OrleansKombo.Grains;

/// <summary>The one retry schedule: exponential, capped, and jittered so callers that failed together do not retry together.</summary>
public static class Backoff
{
    /// <returns><paramref name="first"/> doubled per attempt after the first, at most <paramref name="cap"/>, times 0.8 to 1.2.</returns>
    public static TimeSpan Jittered(int attempt, TimeSpan first, TimeSpan cap)
    {
        var ticks = Math.Min(cap.Ticks, first.Ticks * Math.Pow(2, Math.Max(attempt - 1, 0)));
        return TimeSpan.FromTicks((long)(ticks * (0.8 + Random.Shared.NextDouble() * 0.4)));
    }
}
