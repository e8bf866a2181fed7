using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Npgsql;
using OrleansKombo.JobLinks;

namespace OrleansKombo.Gateway.Api;

/// <summary>
/// The vendor's jobs (or a multiposter's) linked to the integration's ATS jobs (CONTRACT.md §3, "Job selection, matching
/// and access"). Matching, confirming and unlinking go to the integration's job link grain, which decides with
/// JobMatcher; the links are read from job_link_view, which shows each linked ATS job's lifecycle and flags a link whose
/// job was closed or deleted.
/// </summary>
public static class JobLinksApi
{
    private const string CursorKind = "job-links";

    private const string Select = """
        SELECT l.vendor_job_id, l.title, l.job_code, l.post_url, l.remote_id, l.status, l.job_id, l.matched_on, l.confirmed_at,
               l.candidates, l.note, l.created_at, l.updated_at, l.job_known, l.job_name, l.job_remote_id, l.job_state, l.job_active,
               l.job_since, l.job_deleted_at, l.flagged
          FROM job_link_view l
        """;

    private static readonly string[] Fields = ["vendor_job_id", "title", "job_code", "post_url", "remote_id"];

    public static RouteGroupBuilder MapJobLinksApi(this RouteGroupBuilder api)
    {
        api.MapPost("/integrations/{integration_id}/job-links", LinkAsync)
            .WithSummary($"Links the vendor's jobs {{\"jobs\": [{{vendor_job_id, title, job_code?, post_url?, remote_id?}}]}} (at most "
                + $"{VendorJobRules.MaxPerCall}; 400 above) to the integration's jobs: an exact remote_id, then job_code, then post URL "
                + "(scheme, host case, trailing slash and tracking parameters ignored) LINKs it (matched_on); otherwise the closest open titles "
                + "are candidates [{job_id, name, score}] and the link NEEDS_CONFIRMATION, or it is NO_MATCH. Posting a vendor job again updates "
                + "its link; a confirmed link stays. Answers {\"results\": [link, …]} in the order given.")
            .Accepts<LinkBody>("application/json")
            .Produces<JsonObject>();
        api.MapGet("/integrations/{integration_id}/job-links", ListAsync)
            .WithSummary("The integration's job links, ordered by vendor_job_id: {vendor_job_id, title, job_code, post_url, remote_id, status, "
                + "job_id, matched_on, confirmed_at, candidates, note, job: {id, name, remote_id, lifecycle}, flagged, created_at, updated_at}; "
                + "flagged when the linked job is closed, archived, a draft or deleted in the ATS.")
            .WithPaging()
            .WithQueryList("status", JobLinkStatuses.All, "Comma list of link statuses to keep.")
            .WithQuery("flagged", JsonSchemaType.Boolean, "Keep only links whose linked job is no longer active (true), or the others (false).")
            .Produces<Page<JsonObject>>();
        api.MapGet("/integrations/{integration_id}/job-links/{vendor_job_id}", GetAsync)
            .WithSummary("One vendor job's link, as the list shows it.")
            .Produces<JsonObject>();
        api.MapPost("/integrations/{integration_id}/job-links/{vendor_job_id}/confirm", ConfirmAsync)
            .WithSummary("A human links the vendor job to the job {\"job_id\"} (one of the candidates or any other): LINKED with confirmed_at, "
                + "kept until a human changes or removes it. 400 for a job the integration does not have, 409 for one deleted in the ATS.")
            .Accepts<ConfirmBody>("application/json")
            .Produces<JsonObject>();
        api.MapDelete("/integrations/{integration_id}/job-links/{vendor_job_id}", UnlinkAsync)
            .WithSummary("Removes the vendor job's link (204); posting the job again matches it afresh.")
            .Produces(StatusCodes.Status204NoContent);
        return api;
    }

    private static async Task<IResult> LinkAsync([FromRoute(Name = "integration_id")] string integrationId, HttpRequest request,
        NpgsqlDataSource db, IClusterClient cluster, ILogger<LinkBody> logger, CancellationToken cancellationToken)
    {
        var (jobs, problem) = await JsonBody.ReadAsync(request.Body, ReadJobs, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        return await JobLinkCommands.LinkAsync(integrationId, jobs, db, cluster, logger, cancellationToken);
    }

    private static Task<IResult> ListAsync([FromRoute(Name = "integration_id")] string integrationId, HttpRequest request,
        NpgsqlDataSource db, CancellationToken cancellationToken) =>
        FilteredPage.ListAsync(request, db, integrationId, Select, "l", "vendor_job_id", JobLinkStatuses.All, CursorKind, Read,
            cancellationToken);

    private static async Task<IResult> GetAsync([FromRoute(Name = "integration_id")] string integrationId,
        [FromRoute(Name = "vendor_job_id")] string vendorJobId, NpgsqlDataSource db, CancellationToken cancellationToken) =>
        (await ReadLinksAsync(db, integrationId, [vendorJobId], cancellationToken)).TryGetValue(vendorJobId, out var link)
            ? Results.Ok(link)
            : await UnknownLinkAsync(db, integrationId, vendorJobId, cancellationToken);

    private static async Task<IResult> ConfirmAsync([FromRoute(Name = "integration_id")] string integrationId,
        [FromRoute(Name = "vendor_job_id")] string vendorJobId, HttpRequest request, NpgsqlDataSource db, IClusterClient cluster,
        ILogger<LinkBody> logger, CancellationToken cancellationToken)
    {
        var (jobId, problem) = await JsonBody.ReadAsync(request.Body, ReadJobId, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        return await JobLinkCommands.ConfirmAsync(integrationId, vendorJobId, jobId, db, cluster, logger, cancellationToken);
    }

    private static Task<IResult> UnlinkAsync([FromRoute(Name = "integration_id")] string integrationId,
        [FromRoute(Name = "vendor_job_id")] string vendorJobId, NpgsqlDataSource db, IClusterClient cluster, ILogger<LinkBody> logger,
        CancellationToken cancellationToken) =>
        JobLinkCommands.UnlinkAsync(integrationId, vendorJobId, db, cluster, logger, cancellationToken);

    private static async Task<IResult> UnknownLinkAsync(NpgsqlDataSource db, string integrationId, string vendorJobId,
        CancellationToken cancellationToken) =>
        await IntegrationData.ExistsAsync(db, integrationId, cancellationToken)
            ? ApiError.NotFound($"No job link for vendor job '{vendorJobId}'.")
            : IntegrationData.NotFound(integrationId);

    /// <summary>The links to the given ATS jobs, as the list shows them (the console's jobs page shows each job's).</summary>
    public static async Task<List<JsonObject>> LinksToJobsAsync(NpgsqlDataSource db, string integrationId, string[] jobIds,
        CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand($"{Select} WHERE l.integration_id = @integration AND l.job_id = ANY(@jobs) ORDER BY l.vendor_job_id");
        command.Parameters.AddWithValue("integration", integrationId);
        command.Parameters.AddWithValue("jobs", jobIds);
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>The integration's first <paramref name="limit"/> links by vendor_job_id, as the list shows them (the console's jobs page).</summary>
    public static async Task<List<JsonObject>> LinksAsync(NpgsqlDataSource db, string integrationId, int limit, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand($"{Select} WHERE l.integration_id = @integration ORDER BY l.vendor_job_id LIMIT @limit");
        command.Parameters.AddWithValue("integration", integrationId);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAllAsync(command, cancellationToken);
    }

    private static async Task<List<JsonObject>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var links = new List<JsonObject>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            links.Add(Read(reader));
        }
        return links;
    }

    /// <summary>The given vendor jobs' links, as the list shows them, by vendor_job_id.</summary>
    internal static async Task<Dictionary<string, JsonObject>> ReadLinksAsync(NpgsqlDataSource db, string integrationId, string[] vendorJobIds,
        CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand($"{Select} WHERE l.integration_id = @integration AND l.vendor_job_id = ANY(@ids)");
        command.Parameters.AddWithValue("integration", integrationId);
        command.Parameters.AddWithValue("ids", vendorJobIds);
        var links = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            links[reader.GetString(0)] = Read(reader);
        }
        return links;
    }

    private static JsonObject Read(NpgsqlDataReader row)
    {
        string? Text(int i) => row.IsDBNull(i) ? null : row.GetString(i);
        DateTimeOffset? Time(int i) => row.IsDBNull(i) ? null : row.GetFieldValue<DateTimeOffset>(i);
        var jobId = Text(6);
        return new JsonObject
        {
            ["vendor_job_id"] = row.GetString(0),
            ["title"] = row.GetString(1),
            ["job_code"] = Text(2),
            ["post_url"] = Text(3),
            ["remote_id"] = Text(4),
            ["status"] = row.GetString(5),
            ["job_id"] = jobId,
            ["matched_on"] = Text(7),
            ["confirmed_at"] = Time(8),
            ["candidates"] = row.GetFieldValue<JsonArray>(9),
            ["note"] = Text(10),
            // The linked job as the jobs API shows it now; its lifecycle is null when our copy no longer has it (purged).
            ["job"] = jobId is null ? null : new JsonObject
            {
                ["id"] = jobId,
                ["name"] = Text(14),
                ["remote_id"] = Text(15),
                ["lifecycle"] = !row.GetBoolean(13) ? null : new JsonObject
                {
                    ["state"] = row.GetString(16),
                    ["active"] = row.GetBoolean(17),
                    ["since"] = row.GetFieldValue<DateTimeOffset>(18),
                    ["deleted_at"] = Time(19),
                },
            },
            ["flagged"] = row.GetBoolean(20),
            ["created_at"] = row.GetFieldValue<DateTimeOffset>(11),
            ["updated_at"] = row.GetFieldValue<DateTimeOffset>(12),
        };
    }

    /// <summary>The job a human links the vendor job to, or what is wrong with the body.</summary>
    private static (string JobId, string? Problem) ReadJobId(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("job_id", out var value)
            && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? (value.GetString()!, null)
            : ("", "The body must be {\"job_id\": \"<the integration's job id>\"}.");

    /// <summary>The vendor jobs, trimmed (an empty optional key is none), or what is wrong with the body.</summary>
    private static (IReadOnlyList<VendorJob> Jobs, string? Problem) ReadJobs(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("jobs", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return ([], "The body must be {\"jobs\": [{vendor_job_id, title, job_code?, post_url?, remote_id?}, …]}.");
        }
        if (items.GetArrayLength() > VendorJobRules.MaxPerCall)
        {
            return ([], $"jobs holds {items.GetArrayLength()} jobs; at most {VendorJobRules.MaxPerCall} are taken per call.");
        }
        var problems = new List<string>();
        var jobs = new List<VendorJob>();
        foreach (var (item, i) in items.EnumerateArray().Select((item, i) => (item, i)))
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"jobs[{i}] must be an object.");
                continue;
            }
            var values = new Dictionary<string, string?>();
            foreach (var field in Fields)
            {
                values[field] = item.TryGetProperty(field, out var value) ? value.ValueKind switch
                {
                    JsonValueKind.String => JobLinkCommands.Field(value.GetString()),
                    JsonValueKind.Null => null,
                    _ => Wrong(problems, $"jobs[{i}].{field} must be a string."),
                } : null;
            }
            jobs.Add(new VendorJob(values["vendor_job_id"] ?? "", values["title"] ?? "", values["job_code"], values["post_url"], values["remote_id"]));
        }
        return JobLinkCommands.Problem(problems.Concat(VendorJobRules.Problems(jobs))) is { } problem ? ([], problem) : (jobs, null);
    }

    private static string? Wrong(List<string> problems, string problem)
    {
        problems.Add(problem);
        return null;
    }

    /// <summary>The request bodies, for the API description.</summary>
    public sealed record LinkBody(IReadOnlyList<VendorJob> Jobs);

    public sealed record ConfirmBody(string JobId);
}
