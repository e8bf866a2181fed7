using Kombo.Sandbox.Data;
using Kombo.Sandbox.Webhooks;

namespace Kombo.Sandbox.Integrations;

/// <summary>What <c>GET /v1/integrations/{integration_id}</c> answers.</summary>
public sealed record IntegrationDetails(
    string Id,
    ToolInfo Tool,
    string Category,
    string Status,
    string SetupStatus,
    EndUser EndUser,
    ScopeConfig ScopeConfig,
    DateTime? DataExpiredAt,
    DateTime CreatedAt,
    bool Beta,
    IReadOnlyList<ModelCoverage> ReadModels,
    IReadOnlyList<ModelCoverage> WriteActions)
{
    private static readonly IReadOnlyList<ModelCoverage> Reads =
        SandboxModels.All.Select(m => ModelCoverage.Supported(m.KomboName(), m.Label())).ToList();

    /// <summary>Every write action; one made unavailable by the control API shows <c>is_available: false</c> (the customer opted out).</summary>
    private static IReadOnlyList<ModelCoverage> Writes(SandboxIntegration i) =>
        Integrations.WriteActions.All.Select(a => i.WriteActionAvailable(a.Id)
            ? ModelCoverage.Supported(a.Id, a.Label)
            : ModelCoverage.Supported(a.Id, a.Label) with { IsAvailable = false, OptedOutByCustomer = true }).ToList();

    public static IntegrationDetails From(SandboxIntegration i) => new(
        i.Id,
        new ToolInfo(i.Tool, char.ToUpperInvariant(i.Tool[0]) + i.Tool[1..], null, $"https://storage.kombo.dev/logos/{i.Tool}.png", $"https://storage.kombo.dev/icons/{i.Tool}.png"),
        SandboxIntegration.Category,
        i.State,
        i.SetupStatus,
        i.EndUser,
        new ScopeConfig("sandbox-default", "Default"),
        null,
        i.CreatedAt,
        false,
        Reads,
        Writes(i));
}
