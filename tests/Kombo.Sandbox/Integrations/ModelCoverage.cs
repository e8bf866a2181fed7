namespace Kombo.Sandbox.Integrations;

/// <summary>One entry of <c>read_models</c> or <c>write_actions</c>: the sandbox supports all of its own, field details left out.</summary>
public sealed record ModelCoverage(string Id, string Label, bool IsAvailable, string CoverageStatus, string ScopeConfigSetting, bool OptedOutByCustomer, IReadOnlyList<object> Fields)
{
    public static ModelCoverage Supported(string id, string label) => new(id, label, true, "SUPPORTED", "ENABLED", false, []);
}
