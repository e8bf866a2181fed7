namespace OrleansKombo.Grains.Kombo;

/// <summary>What a failed Kombo write (a package push, a result write-back) means for what was written.</summary>
public enum WriteFailure
{
    /// <summary>Passing (Kombo, the ATS or the network failed, or a limit was hit): try the same write again with backoff.</summary>
    Retry,

    /// <summary>
    /// The integration cannot take writes now (not ready, inactive, gone, credentials refused). Not a failure of what was
    /// written: the integration's writes are held and resume when it is ACTIVE again, or at the next probe.
    /// </summary>
    Wait,

    /// <summary>Kombo or the ATS refused this write for good: it fails with Kombo's message until someone retries it.</summary>
    Refused,
}
