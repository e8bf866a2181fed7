using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Npgsql;
using OrleansKombo.Catalog;
using OrleansKombo.Jobs;

namespace OrleansKombo.Gateway.Api;

/// <summary>
/// The synced jobs, each the stored Kombo job plus <c>lifecycle: {state, active, since, deleted_at}</c>, the
/// job grain's verdict on whether the vendor should still create work for it.
/// </summary>
public static class JobsApi
{
    /// <summary>
    /// The jobs with their lifecycle from <c>job_view</c>, where the one job-state rule lives (migration 0600): the job
    /// grain's lifecycle once it has decided, else what the rule makes of the record. <c>status</c> there is the record's
    /// status as Kombo sent it, which the status filter matches exactly (a raw "Open" is no Kombo status).
    /// </summary>
    private const string Select = "SELECT r.id, r.record, r.state, r.active, r.since, r.deleted_at FROM job_view r";

    public static RouteGroupBuilder MapJobsApi(this RouteGroupBuilder api)
    {
        api.MapGet($"/integrations/{{integration_id}}/{AtsModel.Jobs.ApiPath}", ListAsync)
            .WithSummary("The integration's jobs with their lifecycle, ordered by id; filters status, active and include_deleted.")
            .WithPaging()
            .WithQuery("status", JsonSchemaType.String, $"Comma list of Kombo job statuses to keep: {string.Join(", ", JobStates.KomboStatuses)}.")
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
            || !QueryParameters.TryReadList(request, "status", JobStates.KomboStatuses, out var statuses, out problem))
        {
            return problem!;
        }

        var conditions = (statuses is null ? "" : "AND r.status = ANY(@status_filter) ")
            + (active is null ? "" : "AND r.active = @active");
        await using var command = list.CreateCommand(db, integrationId, Select, conditions);
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
