using System.Text.Json.Nodes;
using Npgsql;
using OrleansKombo.JobLinks;

namespace OrleansKombo.Gateway.Api;

/// <summary>
/// What linking, confirming and unlinking a vendor job do once the request body is read (JsonBody): the integration must exist, the
/// integration's job link grain decides, and the answer (or the API's error) is read back. The job links API's handlers
/// and the console's jobs page both call these, so a link made by clicking is made exactly as one made over HTTP.
/// </summary>
public static class JobLinkCommands
{
    /// <summary>POST …/job-links once its body is read and valid: {"results": [link, …]} in the order given.</summary>
    public static async Task<IResult> LinkAsync(string integrationId, IReadOnlyList<VendorJob> jobs, NpgsqlDataSource db,
        IClusterClient cluster, ILogger logger, CancellationToken cancellationToken)
    {
        if (!await IntegrationData.ExistsAsync(db, integrationId, cancellationToken))
        {
            return IntegrationData.NotFound(integrationId);
        }
        return await ClusterCall.AnswerAfterAsync(async () =>
            {
                await cluster.GetGrain<IJobLinkGrain>(integrationId).Link(jobs);
                return true;
            },
            async _ =>
            {
                var links = await JobLinksApi.ReadLinksAsync(db, integrationId, jobs.Select(j => j.VendorJobId).ToArray(), cancellationToken);
                return Results.Ok(new JsonObject { ["results"] = new JsonArray([.. jobs.Select(j => (JsonNode?)links[j.VendorJobId])]) });
            },
            $"link {jobs.Count} vendor jobs of integration '{integrationId}'", logger, cancellationToken);
    }

    /// <summary>POST …/job-links/{vendor_job_id}/confirm once its job_id is read: the link, 404, 400 or 409 with the grain's message.</summary>
    public static async Task<IResult> ConfirmAsync(string integrationId, string vendorJobId, string jobId, NpgsqlDataSource db,
        IClusterClient cluster, ILogger logger, CancellationToken cancellationToken)
    {
        if (!await IntegrationData.ExistsAsync(db, integrationId, cancellationToken))
        {
            return IntegrationData.NotFound(integrationId);
        }
        return await ClusterCall.AnswerAfterAsync(() => cluster.GetGrain<IJobLinkGrain>(integrationId).Confirm(vendorJobId, jobId),
            async answer => answer.Outcome switch
            {
                JobLinkOutcome.Done => Results.Ok((await JobLinksApi.ReadLinksAsync(db, integrationId, [vendorJobId], cancellationToken))[vendorJobId]),
                JobLinkOutcome.UnknownLink => ApiError.NotFound(answer.Message!),
                JobLinkOutcome.UnknownJob => ApiError.BadRequest(answer.Message!),
                _ => ApiError.Result(StatusCodes.Status409Conflict, answer.Message!),
            },
            $"confirm the link of vendor job '{vendorJobId}' of integration '{integrationId}'", logger, cancellationToken);
    }

    /// <summary>DELETE …/job-links/{vendor_job_id}: 204, or 404 with the grain's message.</summary>
    public static async Task<IResult> UnlinkAsync(string integrationId, string vendorJobId, NpgsqlDataSource db, IClusterClient cluster,
        ILogger logger, CancellationToken cancellationToken)
    {
        if (!await IntegrationData.ExistsAsync(db, integrationId, cancellationToken))
        {
            return IntegrationData.NotFound(integrationId);
        }
        return await ClusterCall.AnswerAsync(() => cluster.GetGrain<IJobLinkGrain>(integrationId).Unlink(vendorJobId),
            answer => answer.Outcome == JobLinkOutcome.Done ? Results.NoContent() : ApiError.NotFound(answer.Message!),
            $"unlink vendor job '{vendorJobId}' of integration '{integrationId}'", logger, cancellationToken);
    }

    /// <summary>A vendor job's field as the API takes it: trimmed, and an empty one is none.</summary>
    public static string? Field(string? value) => value?.Trim() is { Length: > 0 } text ? text : null;

    /// <summary>The 400 for vendor jobs that break <see cref="VendorJobRules"/>, or null when they keep them.</summary>
    public static string? Problem(IEnumerable<string> problems) =>
        problems.Take(20).ToList() is { Count: > 0 } some ? string.Join(" ", some) : null;
}
