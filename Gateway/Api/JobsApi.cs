using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using OrleansKombo.Catalog;
using OrleansKombo.Jobs;

namespace OrleansKombo.Gateway.Api;

/// <summary>
/// The synced jobs, each the stored Kombo job plus <c>lifecycle: {state, active, since, deleted_at}</c>, the
/// job grain's verdict on whether the vendor should still create work for it, and <c>selected</c>, whether the
/// integration's job selection includes it (job_view.selected, the rule of migration 0801).
/// </summary>
public static class JobsApi
{
    /// <summary>
    /// The jobs with their lifecycle from <c>job_view</c>, where the one job-state rule lives (migration 0600): the job
    /// grain's lifecycle once it has decided, else what the rule makes of the record. <c>status</c> there is the record's
    /// status as Kombo sent it, which the status filter matches exactly (a raw "Open" is no Kombo status).
    /// </summary>
    public const string Columns = "r.id, r.record, r.state, r.active, r.since, r.deleted_at, r.selected";

    private const string Select = $"SELECT {Columns} FROM job_view r";

    public static RouteGroupBuilder MapJobsApi(this RouteGroupBuilder api)
    {
        JobFilters.Describe(api.MapGet($"/integrations/{{integration_id}}/{AtsModel.Jobs.ApiPath}", ListAsync)
                .WithSummary("The integration's jobs with their lifecycle and whether they are selected, ordered by id; filters status, "
                    + "active, selected, q (name contains), job_code, post_url, remote_id and include_deleted.")
                .WithPaging())
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
            || !JobFilters.TryRead(request, out var filters, out problem))
        {
            return problem!;
        }

        await using var command = list.CreateCommand(db, integrationId, Select, filters.Conditions);
        filters.AddParameters(command);
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

    /// <summary>A job read with <see cref="Columns"/> first: the record plus its lifecycle and <c>selected</c>.</summary>
    public static JsonObject Read(NpgsqlDataReader row)
    {
        var job = row.GetFieldValue<JsonObject>(1);
        job["lifecycle"] = new JsonObject
        {
            ["state"] = row.GetString(2),
            ["active"] = row.GetBoolean(3),
            ["since"] = row.GetFieldValue<DateTimeOffset>(4),
            ["deleted_at"] = row.GetFieldValue<DateTimeOffset?>(5),
        };
        job["selected"] = row.GetBoolean(6);
        return job;
    }
}
