namespace Kombo.Sandbox.Faults;

/// <summary>What a faulty response carries.</summary>
public enum FaultBody
{
    /// <summary>Kombo's error envelope.</summary>
    Json,

    /// <summary>
    /// Kombo's envelope with only a message and no code, as Kombo's syncing guide prints the 503 a read got while the
    /// first sync was pending (before Kombo added <c>INTEGRATION.SETUP_SYNC_PENDING</c>).
    /// </summary>
    MessageOnly,

    /// <summary>An HTML error page, as a gateway or load balancer sends it.</summary>
    Html,

    /// <summary>A plain-text line.</summary>
    Text,

    /// <summary>No body at all.</summary>
    Empty,

    /// <summary>The real page, cut off halfway (with status 200 this imitates a dropped connection mid-body).</summary>
    Truncated,

    /// <summary>Something that starts like a page and is not JSON.</summary>
    InvalidJson,
}
