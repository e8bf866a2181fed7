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
