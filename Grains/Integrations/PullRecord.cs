using OrleansKombo.Grains.Sync;

namespace OrleansKombo.Grains.Integrations;

/// <summary>
/// The history row of the integration's current (or last) pull, kept in the grain's state and written to
/// <c>integration_pulls</c> by the same statement that saves the state (<see cref="IntegrationStore"/>), so every page's
/// commit also moves the pull's row (its live progress) without a round trip of its own. One row per pull: a setback
/// ends the row with its error, and the pull resuming from its checkpoint carries the same row on.
/// </summary>
public sealed class PullRecord
{
    public required Guid RunId { get; init; }

    public required PullMode Mode { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>One of <see cref="PullStatus"/>.</summary>
    public string Status { get; set; } = PullStatus.Running;

    public long RecordsRead { get; set; }

    public long RecordsChanged { get; set; }

    /// <summary>Pages committed by this pull, over every model.</summary>
    public int Pages { get; set; }

    /// <summary>The model being read while the pull runs (its progress); the last one read once it ended.</summary>
    public string? Model { get; set; }

    /// <summary>Kombo's <c>error.code</c> of the setback that ended the row, when Kombo sent one.</summary>
    public string? ErrorCode { get; set; }

    public string? Error { get; set; }

    /// <summary>Per catalog model name, what this pull did with it; at most one entry per model.</summary>
    public Dictionary<string, PullModelFigures> Models { get; set; } = new(StringComparer.Ordinal);

    public void Ended(DateTimeOffset at, string status, string? errorCode, string? error)
    {
        EndedAt = at;
        Status = status;
        ErrorCode = errorCode;
        Error = error;
    }
}
