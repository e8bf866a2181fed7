using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Npgsql;
using OrleansKombo.Catalog;

namespace OrleansKombo.Gateway.Api;

/// <summary>
/// The synced jobs, each the stored Kombo job plus <c>lifecycle: {state, active, since, deleted_at}</c>, the
/// job grain's verdict on whether the vendor should still create work for it.
/// </summary>
public static class JobsApi
{
    /// <summary>Kombo's job statuses, as the <c>status</c> column holds them; any other value there is raw ATS data.</summary>
    private static readonly string[] Statuses = ["OPEN", "CLOSED", "DRAFT", "ARCHIVED"];

    /// <summary>
    /// A job its grain has not handled yet (just pulled) has no lifecycle row; it gets the lifecycle its record
    /// implies, so the API never shows a job without one and <c>active</c> filters every job the same way.
    /// </summary>
    private const string Select = """
        SELECT r.id, r.record, lifecycle.state, lifecycle.active, lifecycle.since, lifecycle.deleted_at
          FROM ats_jobs r
          LEFT JOIN job_lifecycles l ON l.integration_id = r.integration_id AND l.job_id = r.id
          CROSS JOIN LATERAL (SELECT CASE WHEN r.remote_deleted_at IS NOT NULL THEN 'DELETED'
                                          WHEN r.status = ANY(@statuses) THEN r.status
                                          ELSE 'CLOSED' END AS state) derived
          CROSS JOIN LATERAL (SELECT COALESCE(l.state, derived.state) AS state,
                                     COALESCE(l.active, derived.state = 'OPEN') AS active,
                                     COALESCE(l.since, r.synced_at) AS since,
                                     CASE WHEN l.job_id IS NULL THEN r.remote_deleted_at ELSE l.deleted_at END AS deleted_at) lifecycle
        """;

    public static RouteGroupBuilder MapJobsApi(this RouteGroupBuilder api)
    {
        api.MapGet($"/integrations/{{integration_id}}/{AtsModel.Jobs.ApiPath}", ListAsync)
            .WithSummary("The integration's jobs with their lifecycle, ordered by id; filters status, active and include_deleted.")
            .WithPaging()
            .WithQuery("status", JsonSchemaType.String, $"Comma list of Kombo job statuses to keep: {string.Join(", ", Statuses)}.")
            .WithQuery("active", JsonSchemaType.Boolean, "Keep only jobs whose lifecycle is (true) or is not (false) active.")
            .WithQuery("include_deleted", JsonSchemaType.Boolean, RecordList.IncludeDeletedDescription)
            .Produces<Page<JsonObject>>();
        api.MapGet($"/integrations/{{integration_id}}/{AtsModel.Jobs.ApiPath}/{{job_id}}", GetAsync)
            .WithSummary("One of the integration's jobs with its lifecycle, also when it was deleted in the ATS.")
            .Produces<JsonObject>();
        return api;
    }

    private static async Task<IResult> ListAsync([FromRoute(Name = "integration_id")] string integrationId, HttpRequest request,
        NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        if (!RecordList.TryRead(request, AtsModel.Jobs, out var list, out var problem)
            || !QueryParameters.TryReadBool(request, "active", out var active, out problem)
            || !QueryParameters.TryReadList(request, "status", Statuses, out var statuses, out problem))
        {
            return problem!;
        }

        var conditions = (statuses is null ? "" : "AND r.status = ANY(@status_filter) ")
            + (active is null ? "" : "AND lifecycle.active = @active");
        await using var command = list.CreateCommand(db, integrationId, Select, conditions);
        command.Parameters.AddWithValue("statuses", Statuses);
        if (statuses is not null)
        {
            command.Parameters.AddWithValue("status_filter", statuses);
        }
        if (active is not null)
        {
            command.Parameters.AddWithValue("active", active.Value);
        }
        return await list.PageAsync(db, command, integrationId, r => (r.GetString(0), Read(r)), cancellationToken);
    }

    private static async Task<IResult> GetAsync([FromRoute(Name = "integration_id")] string integrationId,
        [FromRoute(Name = "job_id")] string jobId, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand($"{Select} WHERE r.integration_id = @integration AND r.id = @id");
        command.Parameters.AddWithValue("statuses", Statuses);
        command.Parameters.AddWithValue("integration", integrationId);
        command.Parameters.AddWithValue("id", jobId);
        return await IntegrationData.RecordAsync(db, command, AtsModel.Jobs, integrationId, jobId, Read, cancellationToken);
    }

    private static JsonObject Read(NpgsqlDataReader row)
    {
        var job = row.GetFieldValue<JsonObject>(1);
        job["lifecycle"] = new JsonObject
        {
            ["state"] = row.GetString(2),
            ["active"] = row.GetBoolean(3),
            ["since"] = row.GetFieldValue<DateTimeOffset>(4),
            ["deleted_at"] = row.GetFieldValue<DateTimeOffset?>(5),
        };
        return job;
    }
}
