namespace OrleansKombo.Grains.Integrations;

/// <summary>The <c>last_pull.status</c> values (CONTRACT.md §3).</summary>
public static class PullStatus
{
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";

    /// <summary>Kombo has no data for us yet (its first sync is pending, or setup or QA is incomplete).</summary>
    public const string NotReady = "NOT_READY";
}
