using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using OrleansKombo.Catalog;
using OrleansKombo.JobSelection;

namespace OrleansKombo.Gateway.Api;

/// <summary>
/// The jobs an integration's customer works with (CONTRACT.md §3, "Job selection"). Changes go to the integration's job
/// selection grain; answers are read from PostgreSQL afterwards. Which job is selected is job_view.selected (the rule,
/// job_selected, is migration 0801's); the jobs list shows it and filters on it.
/// </summary>
public static class JobSelectionApi
{
    private static readonly string[] Modes = Enum.GetValues<JobSelectionMode>().Select(KomboJson.Name).ToArray();

    public static RouteGroupBuilder MapJobSelectionApi(this RouteGroupBuilder api)
    {
        api.MapPut("/integrations/{integration_id}/job-selection", PutAsync)
            .WithSummary($"Sets the job selection {{\"mode\": {string.Join("|", Modes)}, \"job_ids\": [...]}}: ALL selects every job, SELECTED only "
                + $"the jobs listed (at most {JobSelectionRules.MaxJobIds}; the list replaces the previous one and is kept in either mode). "
                + "400 names ids of jobs the integration does not have. Answers as GET.")
            .Accepts<SelectionBody>("application/json")
            .Produces<JsonObject>();
        api.MapGet("/integrations/{integration_id}/job-selection", GetAsync)
            .WithSummary("The job selection {mode, job_ids, inactive, updated_at}: inactive lists the selected jobs that are not active "
                + "(closed, archived, a draft or deleted in the ATS) with their lifecycle state (the reason) and since (the time). "
                + "Selections survive every sync and reconcile; a job that reopens is active again.")
            .Produces<JsonObject>();
        api.MapPut($"/integrations/{{integration_id}}/{AtsModel.Jobs.ApiPath}/{{job_id}}/selection", (string integration_id, string job_id,
                NpgsqlDataSource db, IClusterClient cluster, ILogger<SelectionBody> logger, CancellationToken cancellationToken) =>
                ChooseAsync(integration_id, job_id, true, db, cluster, logger, cancellationToken))
            .WithSummary("Adds one job to the chosen jobs: {job_id, mode, chosen, selected} (in mode ALL every job is selected anyway).")
            .Produces<JsonObject>();
        api.MapDelete($"/integrations/{{integration_id}}/{AtsModel.Jobs.ApiPath}/{{job_id}}/selection", (string integration_id, string job_id,
                NpgsqlDataSource db, IClusterClient cluster, ILogger<SelectionBody> logger, CancellationToken cancellationToken) =>
                ChooseAsync(integration_id, job_id, false, db, cluster, logger, cancellationToken))
            .WithSummary("Takes one job out of the chosen jobs: {job_id, mode, chosen, selected}.")
            .Produces<JsonObject>();
        return api;
    }

    private static Task<IResult> PutAsync([FromRoute(Name = "integration_id")] string integrationId, HttpRequest request,
        NpgsqlDataSource db, IClusterClient cluster, ILogger<SelectionBody> logger, CancellationToken cancellationToken) =>
        ReplaceAsync(integrationId, request.Body, db, cluster, logger, cancellationToken);

    /// <summary>PUT's answer to a body; the console's mode switch sends its body here too.</summary>
    public static async Task<IResult> ReplaceAsync(string integrationId, Stream request, NpgsqlDataSource db, IClusterClient cluster,
        ILogger logger, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadForIntegrationAsync(request, Read, db, integrationId, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        return await ClusterCall.AnswerAfterAsync(() => cluster.GetGrain<IJobSelectionGrain>(integrationId).Replace(body!.Mode, body.JobIds),
            async answer => answer.Refused
                ? ApiError.BadRequest($"job_ids names jobs integration '{integrationId}' does not have: {string.Join(", ", answer.UnknownJobIds)}.")
                : Results.Ok(await SelectionAsync(db, integrationId, cancellationToken)),
            $"store the job selection of integration '{integrationId}'", logger, cancellationToken);
    }

    private static async Task<IResult> GetAsync([FromRoute(Name = "integration_id")] string integrationId, NpgsqlDataSource db,
        CancellationToken cancellationToken) =>
        await IntegrationData.ExistsAsync(db, integrationId, cancellationToken)
            ? Results.Ok(await SelectionAsync(db, integrationId, cancellationToken))
            : IntegrationData.NotFound(integrationId);

    /// <summary>PUT and DELETE …/jobs/{job_id}/selection; the console's select and unselect buttons too.</summary>
    public static async Task<IResult> ChooseAsync(string integrationId, string jobId, bool chosen, NpgsqlDataSource db,
        IClusterClient cluster, ILogger logger, CancellationToken cancellationToken)
    {
        if (!await IntegrationData.ExistsAsync(db, integrationId, cancellationToken))
        {
            return IntegrationData.NotFound(integrationId);
        }
        return await ClusterCall.AnswerAfterAsync(() => cluster.GetGrain<IJobSelectionGrain>(integrationId).Choose(jobId, chosen),
            async answer => answer.Refused
                ? ApiError.NotFound($"Integration '{integrationId}' has no {AtsModel.Jobs.Name} record with id '{jobId}'.")
                : Results.Ok(await ChoiceAsync(db, integrationId, jobId, cancellationToken)),
            $"change the selection of job '{jobId}' of integration '{integrationId}'", logger, cancellationToken);
    }

    /// <summary>One job's selection: <c>{job_id, mode, chosen, selected}</c>.</summary>
    private static async Task<JsonObject> ChoiceAsync(NpgsqlDataSource db, string integrationId, string jobId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT r.chosen, r.selected, coalesce((SELECT m.mode FROM job_selection_modes m WHERE m.integration_id = r.integration_id), @all)
              FROM job_view r
             WHERE r.integration_id = @integration AND r.id = @id
            """);
        command.Parameters.AddWithValue("integration", integrationId);
        command.Parameters.AddWithValue("id", jobId);
        command.Parameters.AddWithValue("all", KomboJson.Name(JobSelectionMode.All));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new JsonObject
        {
            ["job_id"] = jobId,
            ["mode"] = reader.GetString(2),
            ["chosen"] = reader.GetBoolean(0),
            ["selected"] = reader.GetBoolean(1),
        };
    }

    /// <summary>
    /// The selection as GET shows it. job_ids lists the chosen jobs the integration still has (one purged after its
    /// retention period is left out), so storing the answer again is always accepted.
    /// </summary>
    public static async Task<JsonObject> SelectionAsync(NpgsqlDataSource db, string integrationId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT coalesce(m.mode, @all), m.updated_at,
                   coalesce((SELECT array_agg(s.job_id ORDER BY s.job_id COLLATE "C") FROM job_selections s
                              WHERE s.integration_id = @integration
                                AND EXISTS (SELECT 1 FROM ats_jobs j WHERE j.integration_id = s.integration_id AND j.id = s.job_id)), '{}'),
                   coalesce((SELECT jsonb_agg(jsonb_build_object('job_id', r.id, 'name', r.record->'name', 'state', r.state, 'since', r.since,
                                                                 'deleted_at', r.deleted_at) ORDER BY r.id COLLATE "C")
                               FROM job_view r WHERE r.integration_id = @integration AND r.selected AND NOT r.active), '[]')
              FROM (SELECT 1) AS one
              LEFT JOIN job_selection_modes m ON m.integration_id = @integration
            """);
        command.Parameters.AddWithValue("integration", integrationId);
        command.Parameters.AddWithValue("all", KomboJson.Name(JobSelectionMode.All));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new JsonObject
        {
            ["mode"] = reader.GetString(0),
            ["job_ids"] = new JsonArray([.. reader.GetFieldValue<string[]>(2).Select(id => (JsonNode?)id)]),
            ["inactive"] = reader.GetFieldValue<JsonArray>(3),
            ["updated_at"] = reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1),
        };
    }

    /// <summary>The body, or what is wrong with it.</summary>
    private static (SelectionBody? Body, string? Problem) Read(JsonElement root)
    {
        const string shape = "The body must be {\"mode\": \"ALL\"|\"SELECTED\", \"job_ids\": [\"<job id>\", …]}.";
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("mode", out var modeValue) || modeValue.ValueKind != JsonValueKind.String)
        {
            return (null, shape);
        }
        if (!Modes.Contains(modeValue.GetString()))
        {
            return (null, $"mode must be one of {string.Join(", ", Modes)}, not '{modeValue.GetString()}'.");
        }
        var mode = Enum.GetValues<JobSelectionMode>().Single(m => KomboJson.Name(m) == modeValue.GetString());
        if (!root.TryGetProperty("job_ids", out var ids) || ids.ValueKind == JsonValueKind.Null)
        {
            return (new SelectionBody(mode, []), null);
        }
        if (ids.ValueKind != JsonValueKind.Array)
        {
            return (null, shape);
        }
        var jobIds = ids.EnumerateArray().Select(id => id.ValueKind == JsonValueKind.String ? id.GetString() : null).ToList();
        return JobSelectionRules.Problems(jobIds) is { Count: > 0 } problems
            ? (null, string.Join(" ", problems))
            : (new SelectionBody(mode, jobIds.Select(id => id!).ToList()), null);
    }

    /// <summary>The request body, for the API description.</summary>
    public sealed record SelectionBody(JobSelectionMode Mode, IReadOnlyList<string> JobIds);
}
