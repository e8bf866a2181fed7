namespace OrleansKombo.Grains.Sync;

/// <summary>Where one Kombo model is stored (the filter columns are generated from the record in SQL).</summary>
public sealed record RecordTable(string Model, string Table)
{
    public static readonly RecordTable Users = new("users", "ats_users");
    public static readonly RecordTable Tags = new("tags", "ats_tags");
    public static readonly RecordTable ApplicationStages = new("application_stages", "ats_application_stages");
    public static readonly RecordTable Jobs = new("jobs", "ats_jobs");
    public static readonly RecordTable Candidates = new("candidates", "ats_candidates");
    public static readonly RecordTable Applications = new("applications", "ats_applications");

    public static IReadOnlyList<RecordTable> All { get; } = [Users, Tags, ApplicationStages, Jobs, Candidates, Applications];

    public static RecordTable For(string model) => All.Single(t => t.Model == model);
}
