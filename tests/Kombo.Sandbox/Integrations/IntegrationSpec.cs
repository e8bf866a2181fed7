using Kombo.Sandbox.Data;
using Kombo.Sandbox.Webhooks;

namespace Kombo.Sandbox.Integrations;

/// <summary>A new integration: which tool it imitates, its data (seed and scale), and how it starts.</summary>
public sealed record IntegrationSpec
{
    public string Tool { get; init; } = "greenhouse";

    /// <summary>
    /// The full id (<c>tool:…</c>). Default: a fresh random one, so sandboxes in parallel tests that share a database
    /// never hand out the same integration id.
    /// </summary>
    public string? Id { get; init; }

    /// <summary>Same seed, same data. Default: the sandbox seed plus the integration's number.</summary>
    public int? Seed { get; init; }

    public GeneratorScale Scale { get; init; } = GeneratorScale.Small;

    public EndUser EndUser { get; init; } = new("Acme, Inc.", "it@acme.example", null);

    /// <summary>True skips the setup sync: reads work at once (only <c>integration-created</c> is sent).</summary>
    public bool Ready { get; init; }

    /// <summary>The status of <c>INTEGRATION.SETUP_SYNC_PENDING</c> answers: 409 (Kombo since May 2026) or 503 (before).</summary>
    public int SetupPendingStatus { get; init; } = 409;
}
