namespace OrleansKombo.Grains.Sync;

/// <summary>
/// Where an unfinished pull stands, committed with every page: the model being read and the cursor of its next
/// page. A pull interrupted anywhere resumes from here, on any silo.
/// </summary>
public sealed class PullCheckpoint
{
    public required PullMode Mode { get; init; }

    /// <summary>Identifies a full read's "seen" set, so resuming it keeps counting the same read.</summary>
    public required Guid RunId { get; init; }

    /// <summary>When this pull began; the next watermark is this minus the overlap.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The <c>updated_after</c> sent with every page, or null for a full read.</summary>
    public DateTimeOffset? UpdatedAfter { get; init; }

    /// <summary>A full read that follows an earlier one marks what it did not see as deleted; the very first cannot.</summary>
    public bool MarksAbsentDeleted { get; init; }

    /// <summary>
    /// This pull tries the models Kombo refused before, however recently (a sync-finished came); otherwise only those
    /// last tried about an hour ago or longer.
    /// </summary>
    public bool RetryUnavailable { get; init; }

    public int ModelIndex { get; set; }

    public string? Cursor { get; set; }

    public long RecordsRead { get; set; }

    public long RecordsChanged { get; set; }
}
