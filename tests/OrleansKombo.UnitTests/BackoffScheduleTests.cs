using CsCheck;

namespace OrleansKombo.UnitTests;

public sealed class BackoffScheduleTests
{
    [Fact]
    public void The_webhook_inbox_schedule_is_Backoff_s_waits_for_each_attempt_until_the_cap()
    {
        var schedule = Backoff.JitteredSchedule(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));

        // 1, 2, 4, …, 256 s, then the 5 min cap: attempt 10 and every later one wait about 5 minutes.
        Assert.Equal(10, schedule.Length);
        for (var attempt = 1; attempt <= schedule.Length; attempt++)
        {
            var nominal = Math.Min(300, Math.Pow(2, attempt - 1));
            Assert.InRange(schedule[attempt - 1].TotalSeconds, nominal * 0.8, nominal * 1.2);
        }
    }

    [Fact]
    public void Every_wait_is_the_doubled_first_wait_capped_within_the_jitter_and_never_shorter_for_a_later_attempt()
    {
        Gen.Select(Gen.Int[1, 40], Gen.Int[1, 600_000], Gen.Int[1, 3_600_000], Gen.Double[0, 0.999999]).Sample((attempt, firstMs, capMs, sample) =>
        {
            var (first, cap) = (TimeSpan.FromMilliseconds(firstMs), TimeSpan.FromMilliseconds(Math.Max(firstMs, capMs)));

            var wait = Backoff.Jittered(attempt, first, cap, sample);
            var nominal = Math.Min(cap.Ticks, first.Ticks * Math.Pow(2, attempt - 1));

            Assert.InRange(wait.Ticks, (long)(nominal * 0.8) - 1, (long)(nominal * 1.2) + 1);
            Assert.True(Backoff.Jittered(attempt + 1, first, cap, sample) >= wait);
        });
    }

    [Fact]
    public void A_schedule_whose_first_wait_is_not_positive_or_over_its_cap_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Backoff.JitteredSchedule(TimeSpan.Zero, TimeSpan.FromMinutes(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Backoff.JitteredSchedule(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1)));
    }
}
