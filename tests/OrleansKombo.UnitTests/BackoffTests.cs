using OrleansKombo.Grains;

namespace OrleansKombo.UnitTests;

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
}
