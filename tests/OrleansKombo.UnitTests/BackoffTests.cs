using CsCheck;
using OrleansKombo.Grains;

namespace OrleansKombo.UnitTests;

/// <summary>The one retry schedule: doubling from the first wait, capped, each wait within ±20 % of its nominal value.</summary>
public sealed class BackoffTests
{
    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(2, 2.0)]
    [InlineData(4, 8.0)]
    [InlineData(30, 60.0)]
    public void A_wait_doubles_per_attempt_up_to_the_cap_within_twenty_percent(int attempt, double seconds)
    {
        var wait = Backoff.Jittered(attempt, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

        Assert.InRange(wait.TotalSeconds, seconds * 0.8, seconds * 1.2);
    }

    /// <summary>The nominal wait, computed here independently: the first one, doubled per attempt after the first, at most the cap.</summary>
    private static double Nominal(int attempt, TimeSpan first, TimeSpan cap)
    {
        var wait = (double)first.Ticks;
        for (var i = 1; i < attempt && wait < cap.Ticks; i++)
        {
            wait *= 2;
        }
        return Math.Min(wait, cap.Ticks);
    }

    [Fact]
    public void Every_wait_is_within_twenty_percent_of_its_nominal_value_for_any_attempt_first_wait_and_cap()
    {
        var first = Gen.Long[TimeSpan.TicksPerMillisecond, TimeSpan.TicksPerHour].Select(TimeSpan.FromTicks);
        Gen.Select(Gen.Int[-3, 100_000], first, Gen.Long[0, TimeSpan.TicksPerDay]).Sample((attempt, start, extra) =>
        {
            var cap = start + TimeSpan.FromTicks(extra);
            var nominal = Nominal(attempt, start, cap);

            var wait = Backoff.Jittered(attempt, start, cap);

            Assert.InRange(wait.Ticks, (long)(nominal * 0.8) - 1, (long)(nominal * 1.2) + 1);
        }, iter: 2000);
    }

    [Fact]
    public void Waits_are_spread_so_callers_that_failed_together_do_not_retry_together()
    {
        var waits = Enumerable.Range(0, 400).Select(_ => Backoff.Jittered(3, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)).TotalSeconds).ToList();

        // Uniform over 3.2–4.8 s: 400 draws all above 3.4 s or all below 4.6 s would happen once in 10^50 runs.
        Assert.True(waits.Min() < 3.4 && waits.Max() > 4.6, $"waits from {waits.Min():0.00} s to {waits.Max():0.00} s");
        Assert.True(waits.Distinct().Count() > 300);
    }
}
