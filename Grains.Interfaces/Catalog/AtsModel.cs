namespace OrleansKombo.Catalog;

/// <summary>
/// The one catalog of the Kombo ATS models we sync. Each entry is the whole definition of a model; everything else
/// derives from it: the Kombo endpoint a pull reads and the order it reads them in, the record table, the internal
/// API's routes and counts, the <c>models</c> keys of an integration's status, the privacy allowlist's default and
/// the names <c>Sync:Fields</c> and <c>Sync:Filters</c> accept. Adding a model is one entry here (and in
/// <see cref="All"/>) plus a migration that creates its table; a unit test holds the two together.
/// </summary>
/// <remarks>Pure data: SQL stays out of this project. A table name is data, and it is only ever taken from here, never
/// from a request, so it can be written into SQL.</remarks>
public sealed class AtsModel
{
    /// <summary>Our name for the model: the change feed's <c>model</c>, the keys of <c>counts</c> and <c>models</c>, <c>Sync:Fields:&lt;name&gt;</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Kombo's endpoint under <c>/ats</c> (<c>GET /ats/{KomboPath}</c>).</summary>
    public required string KomboPath { get; init; }

    /// <summary>How Kombo names the model in a <c>data-changed</c> webhook's <c>changed_models</c>.</summary>
    public required string DataChangedName { get; init; }

    /// <summary>The model's segment under <c>/api/integrations/{integration_id}</c>.</summary>
    public required string ApiPath { get; init; }

    /// <summary>The PostgreSQL table its records live in (created by a migration).</summary>
    public required string Table { get; init; }

    /// <summary>
    /// Where a pull reads it (1 first): users, tags and stages before the jobs that reference them, candidates
    /// before their applications. A pull's checkpoint counts models in this order, so existing ranks never move: a new
    /// model takes the next rank.
    /// </summary>
    public required int PullRank { get; init; }

    /// <summary>What we keep by default (dotted paths); <c>Sync:Fields:&lt;name&gt;</c> replaces it. Everything else is dropped.</summary>
    public required IReadOnlyList<string> DefaultFields { get; init; }

    // What we keep by default: what ../shared/seeds/ lists as needed (names, emails, titles, job details, status,
    // visibility, stages, dates, confidential flags, hiring team, tags) and the ids that tie records together.
    // Dropped: phone numbers, salaries, remote_data, custom and integration fields, screening questions and answers,
    // interviews, offers, social media and candidates' addresses. (Declared before the entries that use them.)
    private static readonly string[] Tracked = ["id", "remote_id", "changed_at", "remote_deleted_at"];

    /// <summary>Jobs, candidates and applications also carry the ATS's own dates and link (users, tags and stages do not).</summary>
    private static readonly string[] Common = [.. Tracked, "remote_created_at", "remote_updated_at", "remote_url"];

    private static readonly string[] Stage = ["id", "remote_id", "name", "index"];

    public static readonly AtsModel Jobs = new()
    {
        Name = "jobs", KomboPath = "jobs", DataChangedName = "ats_jobs", ApiPath = "jobs", Table = "ats_jobs", PullRank = 4,
        DefaultFields =
        [
            .. Common, "name", "job_code", "description", "confidential", "status", "visibility", "employment_type",
            "category", "department", "post_url", "experience_level", "remote_work_status", "weekly_hours", "location",
            "opened_at", "closed_at",
            .. Stage.Select(f => "stages." + f),
            "hiring_team.id", "hiring_team.remote_id", "hiring_team.first_name", "hiring_team.last_name",
            "hiring_team.email", "hiring_team.hiring_team_roles", "hiring_team.job_roles",
        ],
    };

    public static readonly AtsModel Candidates = new()
    {
        Name = "candidates", KomboPath = "candidates", DataChangedName = "ats_candidates", ApiPath = "candidates",
        Table = "ats_candidates", PullRank = 5,
        DefaultFields =
        [
            .. Common, "first_name", "last_name", "title", "company", "confidential", "source",
            "email_addresses",
            "applications.id", "applications.remote_id", "applications.outcome", "applications.rejection_reason_name",
            "applications.rejected_at", "applications.changed_at", "applications.remote_created_at",
            "applications.remote_updated_at", "applications.remote_url",
            .. Stage.Select(f => "applications.current_stage." + f),
            "applications.job.id", "applications.job.remote_id", "applications.job.name",
            "tags.id", "tags.remote_id", "tags.name",
        ],
    };

    public static readonly AtsModel Applications = new()
    {
        Name = "applications", KomboPath = "applications", DataChangedName = "ats_applications", ApiPath = "applications",
        Table = "ats_applications", PullRank = 6,
        DefaultFields =
        [
            .. Common, "outcome", "rejection_reason_name", "rejected_at", "current_stage_id", "job_id", "candidate_id",
            .. Stage.Select(f => "current_stage." + f),
            "job.id", "job.remote_id", "job.name",
            "candidate.id", "candidate.remote_id", "candidate.first_name", "candidate.last_name",
            "candidate.email_addresses", "candidate.source", "candidate.remote_url",
            "candidate.tags.id", "candidate.tags.remote_id", "candidate.tags.name",
        ],
    };

    public static readonly AtsModel Users = new()
    {
        Name = "users", KomboPath = "users", DataChangedName = "ats_users", ApiPath = "users", Table = "ats_users", PullRank = 1,
        DefaultFields = [.. Tracked, "first_name", "last_name", "email", "status", "system_roles"],
    };

    public static readonly AtsModel Tags = new()
    {
        Name = "tags", KomboPath = "tags", DataChangedName = "ats_tags", ApiPath = "tags", Table = "ats_tags", PullRank = 2,
        DefaultFields = [.. Tracked, "name"],
    };

    public static readonly AtsModel ApplicationStages = new()
    {
        Name = "application_stages", KomboPath = "application-stages", DataChangedName = "ats_application_stages",
        ApiPath = "application-stages", Table = "ats_application_stages", PullRank = 3,
        DefaultFields = [.. Tracked, "name"],
    };

    /// <summary>Every model, in the order the internal API lists them (in <c>counts</c> and in its messages).</summary>
    public static IReadOnlyList<AtsModel> All { get; } = [Jobs, Candidates, Applications, Users, Tags, ApplicationStages];

    /// <summary>The order a pull reads them in (<see cref="PullRank"/>).</summary>
    public static IReadOnlyList<AtsModel> PullOrder { get; } = [.. All.OrderBy(m => m.PullRank)];

    /// <summary>By <see cref="Name"/> only (settings are looked up by name, so a path must not pass), or null.</summary>
    public static AtsModel? Find(string name) => All.FirstOrDefault(m => m.Name == name);

    public override string ToString() => Name;
}
