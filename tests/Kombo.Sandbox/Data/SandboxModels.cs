namespace Kombo.Sandbox.Data;

public static class SandboxModels
{
    public static IReadOnlyList<SandboxModel> All { get; } = Enum.GetValues<SandboxModel>();

    /// <summary>The path segment under <c>/v1/ats/</c>, also the name the control API uses.</summary>
    public static string PathName(this SandboxModel model) => model switch
    {
        SandboxModel.ApplicationStages => "application-stages",
        _ => model.ToString().ToLowerInvariant(),
    };

    /// <summary>The name <c>data-changed</c> lists.</summary>
    public static string KomboName(this SandboxModel model) => model switch
    {
        SandboxModel.ApplicationStages => "ats_application_stages",
        _ => "ats_" + model.ToString().ToLowerInvariant(),
    };

    /// <summary>The human label <c>GET /integrations/{id}</c> gives the model in <c>read_models</c> (Kombo's example: "Employees").</summary>
    public static string Label(this SandboxModel model) => model switch
    {
        SandboxModel.ApplicationStages => "Application stages",
        _ => model.ToString(),
    };

    public static SandboxModel? Parse(string? name)
    {
        foreach (var model in All)
        {
            if (string.Equals(model.PathName(), name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(model.KomboName(), name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(model.ToString(), name, StringComparison.OrdinalIgnoreCase))
            {
                return model;
            }
        }
        return null;
    }
}
