namespace Kombo.Sandbox.Faults;

/// <summary>What a faulty response carries.</summary>
public enum FaultBody
{
    /// <summary>Kombo's error envelope.</summary>
    Json,

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
