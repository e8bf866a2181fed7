namespace Kombo.Sandbox.Recording;

/// <summary>Which recorded requests to return; every criterion given must match.</summary>
public sealed record RequestQuery
{
    public string? IntegrationId { get; init; }

    /// <summary>Matches paths that start with it, e.g. <c>/v1/ats/jobs</c>.</summary>
    public string? PathPrefix { get; init; }

    public string? Method { get; init; }

    /// <summary>Only requests recorded after this sequence number.</summary>
    public long After { get; init; }
}
