namespace OrleansKombo.UnitTests.Fakes;

/// <summary>Waits for background work to reach a state, with a deadline; tests never sleep to synchronise.</summary>
public static class Eventually
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    public static async Task Until(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Timed out after {Deadline.TotalSeconds:0} s waiting for: {what}");
            }
            await Task.Delay(1);
        }
    }
}
