namespace Kombo.Sandbox.Tests.Infrastructure;

/// <summary>Polls a condition until a deadline; tests never sleep to synchronise.</summary>
public static class Eventually
{
    public static async Task<T> Get<T>(Func<T?> probe, string what, int seconds = 20) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {seconds} s waiting for {what}");
            }
            await Task.Delay(15);
        }
    }

    public static Task True(Func<bool> condition, string what, int seconds = 20) =>
        Get(() => condition() ? "" : null, what, seconds);
}
