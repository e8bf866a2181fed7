namespace OrleansKombo.Gateway.Api;

/// <summary>
/// A synced Kombo ATS model: <see cref="Name"/> is how the change feed and <c>counts</c> name it,
/// <see cref="Path"/> its segment under <c>/api/integrations/{integration_id}</c>, <see cref="Table"/> where its
/// records live. Tables are named here, never taken from a request, so they can be written into SQL.
/// </summary>
public sealed record AtsModel(string Name, string Path)
{
    public static readonly AtsModel Jobs = new("jobs", "jobs");

    public static IReadOnlyList<AtsModel> All { get; } =
    [
        Jobs,
        new("candidates", "candidates"),
        new("applications", "applications"),
        new("users", "users"),
        new("tags", "tags"),
        new("application_stages", "application-stages"),
    ];

    public string Table => "ats_" + Name;
}
