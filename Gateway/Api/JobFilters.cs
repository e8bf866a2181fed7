using Microsoft.OpenApi;
using Npgsql;
using OrleansKombo.Jobs;

namespace OrleansKombo.Gateway.Api;

/// <summary>
/// The filters of a jobs list (<c>GET …/jobs</c>, and a user's jobs), as conditions on <c>job_view r</c>. The keys are
/// compared as migration 0800 normalises them, by the same SQL functions the job links match with: <c>q</c> is contained
/// in the title's job_title_key (case, accents, gender tags and punctuation ignored; the trigram index serves it),
/// <c>job_code</c> equals after trimming and in any case, <c>post_url</c> equals after job_post_url_key (scheme, host
/// case, trailing slash and tracking parameters ignored), <c>remote_id</c> equals exactly.
/// </summary>
public sealed record JobFilters(string[]? Statuses, bool? Active, bool? Selected, string? Q, string? JobCode, string? PostUrl, string? RemoteId)
{
    /// <summary>The longest value a text filter takes; a post URL may be long.</summary>
    private static readonly Dictionary<string, int> MaxLengths = new() { ["q"] = 200, ["job_code"] = 200, ["post_url"] = 2_048, ["remote_id"] = 200 };

    public static bool TryRead(HttpRequest request, out JobFilters filters, out IResult? problem)
    {
        filters = new JobFilters(null, null, null, null, null, null, null);
        if (!QueryParameters.TryReadBool(request, "active", out var active, out problem)
            || !QueryParameters.TryReadBool(request, "selected", out var selected, out problem)
            || !QueryParameters.TryReadList(request, "status", JobStates.KomboStatuses, out var statuses, out problem))
        {
            return false;
        }
        var texts = new Dictionary<string, string?>();
        foreach (var (name, max) in MaxLengths)
        {
            var value = QueryParameters.Optional(request, name);
            if (value is not null && value.Length > max)
            {
                problem = ApiError.BadRequest($"{name} must be at most {max} characters long.");
                return false;
            }
            texts[name] = value;
        }
        filters = new JobFilters(statuses, active, selected, texts["q"], texts["job_code"], texts["post_url"], texts["remote_id"]);
        return true;
    }

    /// <summary>The conditions (each starting with AND) for the filters that are set.</summary>
    public string Conditions => string.Concat(
        Statuses is null ? "" : " AND r.status = ANY(@status_filter)",
        Active is null ? "" : " AND r.active = @active",
        Selected is null ? "" : " AND r.selected = @selected",
        // job_title_key never holds '%', '_' or '\' (they are punctuation to it), so the key is a literal LIKE pattern.
        Q is null ? "" : " AND r.title_key LIKE '%' || job_title_key(@q) || '%'",
        JobCode is null ? "" : " AND r.job_code_key = job_code_key(@job_code)",
        PostUrl is null ? "" : " AND r.post_url_key = job_post_url_key(@post_url)",
        RemoteId is null ? "" : " AND r.remote_id = @remote_id");

    public void AddParameters(NpgsqlCommand command)
    {
        foreach (var (name, value) in new (string, object?)[]
        {
            ("status_filter", Statuses), ("active", Active), ("selected", Selected), ("q", Q), ("job_code", JobCode),
            ("post_url", PostUrl), ("remote_id", RemoteId),
        })
        {
            if (value is not null)
            {
                command.Parameters.AddWithValue(name, value);
            }
        }
    }

    /// <summary>Describes the filters in the OpenAPI document.</summary>
    public static RouteHandlerBuilder Describe(RouteHandlerBuilder endpoint) => endpoint
        .WithQueryList("status", JobStates.KomboStatuses, "Comma list of Kombo job statuses to keep, as Kombo sent them.")
        .WithQuery("active", JsonSchemaType.Boolean, "Keep only jobs whose lifecycle is (true) or is not (false) active.")
        .WithQuery("selected", JsonSchemaType.Boolean, "Keep only jobs the integration's job selection selects (true) or does not (false).")
        .WithQuery("q", JsonSchemaType.String, "Keep jobs whose name contains this, ignoring case, accents, gender tags such as (m/w/d) and punctuation; \"Sr\" reads as senior.")
        .WithQuery("job_code", JsonSchemaType.String, "Keep jobs with this job code (surrounding whitespace and case ignored).")
        .WithQuery("post_url", JsonSchemaType.String, "Keep jobs with this post URL, ignoring the scheme, the host's case, www., a trailing slash, the fragment and tracking parameters (utm_*, gclid, fbclid, ref, …).")
        .WithQuery("remote_id", JsonSchemaType.String, "Keep the jobs with this ATS id (exact).")
        .WithQuery("include_deleted", JsonSchemaType.Boolean, RecordList.IncludeDeletedDescription);
}
