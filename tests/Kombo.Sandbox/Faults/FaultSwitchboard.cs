namespace Kombo.Sandbox.Faults;

/// <summary>One integration's fault switches: counted rules consumed in order, and standing delays.</summary>
public sealed class FaultSwitchboard
{
    private readonly object gate = new();
    private readonly List<(FaultRule Rule, int Remaining)> rules = [];

    /// <summary>Added before every page of every read (slow pages).</summary>
    public TimeSpan ReadDelay { get; set; }

    /// <summary>Added to every write while it counts as in flight (slow writes).</summary>
    public TimeSpan WriteDelay { get; set; }

    private TaskCompletionSource held = Released();

    /// <summary>
    /// Holds every write that starts from now on in flight until the returned handle is disposed, so tests can fill
    /// the concurrency limit exactly instead of hoping a delay is long enough.
    /// </summary>
    public IDisposable HoldWrites()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            held = hold;
        }
        return new Release(() =>
        {
            lock (gate)
            {
                held = Released();
            }
            hold.TrySetResult();
        });
    }

    /// <summary>Completes when writes are not held (at once, normally).</summary>
    internal Task WriteHeld
    {
        get
        {
            lock (gate)
            {
                return held.Task;
            }
        }
    }

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource();
        released.SetResult();
        return released;
    }

    private sealed class Release(Action release) : IDisposable
    {
        public void Dispose() => release();
    }

    public IReadOnlyList<(FaultRule Rule, int Remaining)> Rules
    {
        get
        {
            lock (gate)
            {
                return rules.ToList();
            }
        }
    }

    public FaultSwitchboard Add(FaultRule rule)
    {
        if (!rule.Standing && rule.Count < 1 || rule.Status is < 100 or > 599)
        {
            throw new ArgumentException("A fault rule needs a count of at least 1 and an HTTP status.", nameof(rule));
        }
        lock (gate)
        {
            rules.Add((rule, rule.Count));
        }
        return this;
    }

    public void Clear()
    {
        lock (gate)
        {
            rules.Clear();
        }
        ReadDelay = WriteDelay = TimeSpan.Zero;
    }

    /// <summary>429 <c>PLATFORM.RATE_LIMIT_EXCEEDED</c> on the next reads, with <c>Retry-After</c> when given.</summary>
    public FaultSwitchboard RateLimit(int count, int? retryAfterSeconds = null) =>
        Add(new FaultRule { Count = count, Status = 429, RetryAfterSeconds = retryAfterSeconds });

    /// <summary>A burst of gateway-style errors (500/502/503), by default with a non-JSON body.</summary>
    public FaultSwitchboard ServerErrors(int count, int status = 502, FaultBody body = FaultBody.Html) =>
        Add(new FaultRule { Count = count, Status = status, Body = body });

    /// <summary>Pages that answer 200 with a broken body.</summary>
    public FaultSwitchboard MalformedPages(int count, FaultBody body = FaultBody.Truncated, string? model = null, int? pageIndex = null) =>
        Add(new FaultRule { Count = count, Status = 200, Body = body, Model = model, PageIndex = pageIndex });

    /// <summary>Fails the next reads of one model, optionally only at one page index.</summary>
    public FaultSwitchboard FailReads(string model, int? pageIndex = null, int count = 1, int status = 500, string? code = null) =>
        Add(new FaultRule { Model = model, PageIndex = pageIndex, Count = count, Status = status, Code = code });

    /// <summary>
    /// Fails the next writes, or only those of one <paramref name="kind"/> (<c>result</c>, <c>result-link</c>, <c>note</c>,
    /// <c>attachment</c>, <c>packages</c>): 429/500 are transient, a 4xx with <c>PLATFORM.INPUT_INVALID</c> is permanent.
    /// </summary>
    public FaultSwitchboard FailWrites(int count, int status = 500, string? code = null, int? retryAfterSeconds = null, string? kind = null) =>
        Add(new FaultRule { Scope = FaultScope.Writes, Model = kind, Count = count, Status = status, Code = code, RetryAfterSeconds = retryAfterSeconds });

    /// <summary>
    /// Every read of one model (a path name such as <c>users</c>) answers Kombo's refusal until <see cref="Lift"/>: by
    /// default 403 <c>INTEGRATION.PERMISSION_MISSING</c>, a customer whose credentials lack that model.
    /// </summary>
    public FaultSwitchboard DenyModel(string model, string code = "INTEGRATION.PERMISSION_MISSING", int status = 403) =>
        Add(new FaultRule { Model = model, Status = status, Code = code, Standing = true });

    /// <summary>Every read answers this Kombo error until <see cref="Lift"/> (e.g. 404 <c>PLATFORM.INTEGRATION_NOT_FOUND</c>).</summary>
    public FaultSwitchboard RefuseReads(int status, string code) =>
        Add(new FaultRule { Status = status, Code = code, Standing = true });

    /// <summary>
    /// Every read answers the first-sync 503 exactly as Kombo's syncing guide prints it (a message, no code) until
    /// <see cref="Lift"/>.
    /// </summary>
    public FaultSwitchboard FirstSyncPendingWithoutCode() =>
        Add(new FaultRule { Status = 503, Body = FaultBody.MessageOnly, Standing = true });

    /// <summary>Removes the standing rules of one model, or every standing rule when <paramref name="model"/> is null.</summary>
    /// <returns>How many were removed.</returns>
    public int Lift(string? model = null)
    {
        lock (gate)
        {
            return rules.RemoveAll(r => r.Rule.Standing && (model is null || string.Equals(r.Rule.Model, model, StringComparison.OrdinalIgnoreCase)));
        }
    }

    /// <summary>Consumes the first rule that matches this call, if any (a standing rule is not used up).</summary>
    public FaultRule? Take(FaultScope scope, string? model, int? pageIndex)
    {
        lock (gate)
        {
            for (var i = 0; i < rules.Count; i++)
            {
                var (rule, remaining) = rules[i];
                if (rule.Scope != scope
                    || (rule.Model is not null && !string.Equals(rule.Model, model, StringComparison.OrdinalIgnoreCase))
                    || (rule.PageIndex is not null && rule.PageIndex != pageIndex))
                {
                    continue;
                }
                if (rule.Standing)
                {
                    return rule;
                }
                if (remaining <= 1)
                {
                    rules.RemoveAt(i);
                }
                else
                {
                    rules[i] = (rule, remaining - 1);
                }
                return rule;
            }
            return null;
        }
    }
}
