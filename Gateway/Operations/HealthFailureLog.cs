namespace OrleansKombo.Gateway.Operations;

/// <summary>
/// Where a failed readiness check's reason goes: the log, not the answer. /health/ready is anonymous, and an exception's
/// text names hosts, ports and silo addresses. Logged when a check starts failing or fails differently, and once when it
/// recovers, so a probe every few seconds does not repeat the same line.
/// </summary>
public sealed class HealthFailureLog(ILogger<HealthFailureLog> logger)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _failing = new(StringComparer.Ordinal);

    public void Failed(string check, Exception error)
    {
        var reason = $"{error.GetType().Name}: {error.Message}";
        lock (_lock)
        {
            if (_failing.TryGetValue(check, out var known) && known == reason)
            {
                return;
            }
            _failing[check] = reason;
        }
        logger.LogWarning(error, "Readiness check {Check} fails: {Reason}", check, reason);
    }

    public void Passed(string check)
    {
        lock (_lock)
        {
            if (!_failing.Remove(check))
            {
                return;
            }
        }
        logger.LogInformation("Readiness check {Check} passes again", check);
    }
}
