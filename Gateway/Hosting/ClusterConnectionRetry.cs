namespace OrleansKombo.Gateway.Hosting;

/// <summary>Retries the first connection to the cluster forever, with a log line per attempt that says why.</summary>
public sealed class ClusterConnectionRetry(ILogger<ClusterConnectionRetry> logger) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(2);
    private int _attempts;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _attempts);
        logger.LogWarning("No silo answers yet (attempt {Attempt}: {Reason}); retrying in {Delay}",
            attempt, exception.Message, Delay);
        await Task.Delay(Delay, cancellationToken);
        return true;
    }
}
