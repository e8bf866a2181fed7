namespace OrleansKombo.Grains.Sync;

/// <summary>
/// What we keep by default: what ../shared/seeds/ lists as needed (names, emails, titles, job details, status,
/// visibility, stages, dates, confidential flags, hiring team, tags) and the ids that tie records together.
/// Dropped: phone numbers, salaries, remote_data, custom and integration fields, screening questions and
/// answers, interviews, offers, social media and candidates' addresses.
/// </summary>
public static class DefaultAllowlists
{
    private static readonly string[] Common =
        ["id", "remote_id", "changed_at", "remote_deleted_at", "remote_created_at", "remote_updated_at", "remote_url"];

    private static readonly string[] Stage = ["id", "remote_id", "name", "index"];

    public static IReadOnlyDictionary<string, string[]> ByModel { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["users"] = [.. Common, "first_name", "last_name", "email", "status", "system_roles"],
        ["tags"] = [.. Common, "name"],
        ["application_stages"] = [.. Common, "name"],
        ["jobs"] =
        [
            .. Common, "name", "job_code", "description", "confidential", "status", "visibility", "employment_type",
            "category", "department", "post_url", "experience_level", "remote_work_status", "weekly_hours", "location",
            "opened_at", "closed_at",
            .. Stage.Select(f => "stages." + f),
            "hiring_team.id", "hiring_team.remote_id", "hiring_team.first_name", "hiring_team.last_name",
            "hiring_team.email", "hiring_team.hiring_team_roles", "hiring_team.job_roles",
        ],
        ["candidates"] =
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
        ["applications"] =
        [
            .. Common, "outcome", "rejection_reason_name", "rejected_at", "current_stage_id", "job_id", "candidate_id",
            .. Stage.Select(f => "current_stage." + f),
            "job.id", "job.remote_id", "job.name",
            "candidate.id", "candidate.remote_id", "candidate.first_name", "candidate.last_name",
            "candidate.email_addresses", "candidate.source", "candidate.remote_url",
            "candidate.tags.id", "candidate.tags.remote_id", "candidate.tags.name",
        ],
    };
}
