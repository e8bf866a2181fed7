namespace OrleansKombo.Benchmarks;

/// <summary>Polls a condition until it holds, with a deadline.</summary>
public static class Wait
{
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {seconds} s waiting for: {what}");
            }
            await Task.Delay(100);
        }
    }
}
