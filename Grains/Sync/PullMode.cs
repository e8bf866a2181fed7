namespace OrleansKombo.Grains.Sync;

public enum PullMode
{
    /// <summary>Only what changed since the watermark, deleted records included.</summary>
    Delta,

    /// <summary>Everything; on completion, records not seen are marked deleted (unless it is the first pull).</summary>
    Full,
}
