namespace OrleansKombo.Grains.Sync;

/// <summary>Where a pull's time went, for the log line that ends it: is Kombo, PostgreSQL or the cluster slow?</summary>
public sealed class PullTimings
{
    /// <summary>Time the pull waited for a page beyond what writing the previous one took.</summary>
    public TimeSpan WaitingForKombo { get; set; }

    /// <summary>Filtering and writing pages, checkpoint included.</summary>
    public TimeSpan Writing { get; set; }

    public TimeSpan NotifyingJobs { get; set; }

    public override string ToString() =>
        $"waited {WaitingForKombo.TotalSeconds:0.0} s for Kombo, {Writing.TotalSeconds:0.0} s writing, {NotifyingJobs.TotalSeconds:0.0} s telling job grains";
}
