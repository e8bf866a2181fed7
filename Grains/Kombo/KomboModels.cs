namespace OrleansKombo.Grains.Kombo;

/// <summary>
/// The ATS models we read, in the order a pull reads them: users and tags and stages before the jobs that
/// reference them, candidates before their applications. <see cref="Path"/> is the endpoint under /ats.
/// </summary>
public sealed record KomboModel(string Name, string Path)
{
    public static readonly KomboModel Users = new("users", "users");
    public static readonly KomboModel Tags = new("tags", "tags");
    public static readonly KomboModel ApplicationStages = new("application_stages", "application-stages");
    public static readonly KomboModel Jobs = new("jobs", "jobs");
    public static readonly KomboModel Candidates = new("candidates", "candidates");
    public static readonly KomboModel Applications = new("applications", "applications");

    public static IReadOnlyList<KomboModel> PullOrder { get; } = [Users, Tags, ApplicationStages, Jobs, Candidates, Applications];

    /// <summary>By <see cref="Name"/> only: settings are looked up by name, so a path must not pass validation.</summary>
    public static KomboModel? Find(string name) => PullOrder.FirstOrDefault(m => m.Name == name);
}
