using OrleansKombo.Catalog;

namespace OrleansKombo.Grains.Sync;

/// <summary>The <c>Sync</c> configuration section (CONTRACT.md §1, plus the privacy allowlist and filters).</summary>
public sealed class SyncOptions
{
    public const string Section = "Sync";

    /// <summary>How far the next <c>updated_after</c> reaches back before the previous pull's start.</summary>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often every integration is read in full, to catch drift and silent deletes.</summary>
    public TimeSpan ReconcileEvery { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a record deleted in the ATS is kept before it is purged.</summary>
    public TimeSpan RetainDeletedFor { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long a change-feed entry is kept; older ones are dropped by the integration's pulls and reminder ticks.</summary>
    public TimeSpan RetainChangesFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long the history of pulls and of Kombo's sync-finished events is kept (the console and /pulls show it).</summary>
    public TimeSpan RetainPullsFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Kombo's maximum; fewer calls with larger pages is what Kombo recommends.</summary>
    public int PageSize { get; set; } = 250;

    /// <summary>
    /// How many pulls one silo runs at once (an addition to CONTRACT.md §1's keys); the others wait for a slot. Each
    /// pull holds about one PostgreSQL connection and one Kombo request at a time, so this bounds what a burst of
    /// sync-finished events can ask of the database: silos × this, well under PostgreSQL's max_connections.
    /// </summary>
    public int MaxConcurrentPulls { get; set; } = 8;

    /// <summary>
    /// Per model (jobs, candidates, …), the fields kept, as dotted paths ("stages.name"); replaces that model's
    /// default allowlist. Everything not listed is dropped before anything is stored or logged.
    /// </summary>
    public Dictionary<string, string[]> Fields { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Per model, extra Kombo query filters (e.g. jobs: statuses=OPEN), sent again with every page.</summary>
    public Dictionary<string, Dictionary<string, string>> Filters { get; set; } = new(StringComparer.Ordinal);

    public string? Problem()
    {
        if (Overlap < TimeSpan.Zero)
        {
            return $"{Section}:Overlap must not be negative, not {Overlap}.";
        }
        if (ReconcileEvery <= TimeSpan.Zero)
        {
            return $"{Section}:ReconcileEvery must be positive, not {ReconcileEvery}.";
        }
        if (RetainDeletedFor < TimeSpan.Zero)
        {
            return $"{Section}:RetainDeletedFor must not be negative, not {RetainDeletedFor}.";
        }
        if (RetainChangesFor <= TimeSpan.Zero)
        {
            return $"{Section}:RetainChangesFor must be positive, not {RetainChangesFor}.";
        }
        if (RetainPullsFor <= TimeSpan.Zero)
        {
            return $"{Section}:RetainPullsFor must be positive, not {RetainPullsFor}.";
        }
        if (PageSize is < 1 or > 250)
        {
            return $"{Section}:PageSize must be from 1 to 250, not {PageSize}.";
        }
        if (MaxConcurrentPulls is < 1 or > 256)
        {
            return $"{Section}:MaxConcurrentPulls must be from 1 to 256, not {MaxConcurrentPulls}.";
        }
        var unknown = Fields.Keys.Concat(Filters.Keys).FirstOrDefault(m => AtsModel.Find(m) is null);
        return unknown is null ? null : $"{Section}: '{unknown}' is not a model we sync ({string.Join(", ", AtsModel.PullOrder.Select(m => m.Name))}).";
    }
}
