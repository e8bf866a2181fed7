namespace Kombo.Sandbox.Faults;

/// <summary>
/// The next <see cref="Count"/> calls that match answer with this fault instead of the real response (every call, while
/// it stands, for a <see cref="Standing"/> rule).
/// <see cref="Model"/> (a path name such as <c>applications</c>) and <see cref="PageIndex"/> (0 = first page of a read)
/// narrow a read rule, so a test can break a pull in the middle of one model; for a write rule <see cref="Model"/> is
/// the kind of write (<c>result</c>, <c>result-link</c>, <c>note</c>, <c>attachment</c>, <c>packages</c>).
/// </summary>
public sealed record FaultRule
{
    public FaultScope Scope { get; init; } = FaultScope.Reads;
    public string? Model { get; init; }
    public int? PageIndex { get; init; }
    public int Count { get; init; } = 1;

    /// <summary>Answers every matching call until removed (<see cref="FaultSwitchboard.Lift"/>); <see cref="Count"/> is ignored.</summary>
    public bool Standing { get; init; }

    /// <summary><c>error.message</c> of a <see cref="FaultBody.Json"/> or <see cref="FaultBody.MessageOnly"/> body; a default when null.</summary>
    public string? Message { get; init; }
    public int Status { get; init; } = 500;

    /// <summary>Kombo error code in a <see cref="FaultBody.Json"/> body; defaults from the status.</summary>
    public string? Code { get; init; }

    public FaultBody Body { get; init; } = FaultBody.Json;

    /// <summary>Sent as the <c>Retry-After</c> header (seconds) when set.</summary>
    public int? RetryAfterSeconds { get; init; }

    public string DefaultCode => Status switch
    {
        429 => "PLATFORM.RATE_LIMIT_EXCEEDED",
        401 => "PLATFORM.AUTHENTICATION_INVALID",
        403 => "INTEGRATION.PERMISSION_MISSING",
        400 or 422 => "PLATFORM.INPUT_INVALID",
        502 or 503 => "REMOTE.SERVICE_UNAVAILABLE",
        _ => "PLATFORM.UNKNOWN_ERROR",
    };
}
