using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Npgsql;
using OrleansKombo.Catalog;

namespace OrleansKombo.Gateway.Api;

/// <summary>
/// The ATS users and who may see which job (Kombo: users are read "to give permission to relevant people to view and
/// manage jobs"): a user by email, and the jobs whose hiring team includes a user, by the user's id or email, through
/// the GIN index on ats_jobs.hiring_team_keys (migration 0800). A user's one record by id stays with
/// <see cref="RecordsApi"/>.
/// </summary>
public static class UsersApi
{
    private const int MaxEmailLength = 320;

    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        api.MapGet($"/integrations/{{integration_id}}/{AtsModel.Users.ApiPath}", ListAsync)
            .WithSummary("The integration's users, ordered by id, each as Kombo shapes it after our privacy allowlist; email= finds a user "
                + "by email address in any case.")
            .WithPaging()
            .WithQuery("email", JsonSchemaType.String, "Keep the users with this email address (case and surrounding whitespace ignored).")
            .WithQuery("include_deleted", JsonSchemaType.Boolean, RecordList.IncludeDeletedDescription)
            .Produces<Page<JsonElement>>();
        JobFilters.Describe(api.MapGet($"/integrations/{{integration_id}}/{AtsModel.Users.ApiPath}/{{user_id}}/{AtsModel.Jobs.ApiPath}", JobsAsync)
                .WithSummary("The jobs whose hiring team includes the user, by the user's id or email (any case), each as the jobs list shows "
                    + "it plus user_roles: {hiring_team_roles, job_roles}, the user's roles on that job; the jobs list's filters apply. "
                    + "404 for a user neither synced nor on any hiring team.")
                .WithPaging())
            .Produces<Page<JsonObject>>();
        return api;
    }

    private static async Task<IResult> ListAsync([FromRoute(Name = "integration_id")] string integrationId, HttpRequest request,
        NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        if (!RecordList.TryRead(request, AtsModel.Users, out var list, out var problem))
        {
            return problem!;
        }
        var email = QueryParameters.Optional(request, "email");
        if (email?.Length > MaxEmailLength)
        {
            return ApiError.BadRequest($"email must be at most {MaxEmailLength} characters long.");
        }
        await using var command = list.CreateCommand(db, integrationId, $"SELECT r.id, r.record FROM {AtsModel.Users.Table} r",
            email is null ? "" : "AND r.email = lower(btrim(@email))");
        if (email is not null)
        {
            command.Parameters.AddWithValue("email", email);
        }
        return await list.PageAsync(db, command, integrationId, r => (r.GetString(0), r.GetFieldValue<JsonElement>(1)), cancellationToken);
    }

    /// <summary>
    /// The user's hiring-team keys are its id and, when the users model was read, its email: a hiring team may name a
    /// user by email under another id (or none). Each job carries the user's entries' roles.
    /// </summary>
    private static async Task<IResult> JobsAsync([FromRoute(Name = "integration_id")] string integrationId,
        [FromRoute(Name = "user_id")] string userId, HttpRequest request, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        if (!RecordList.TryRead(request, AtsModel.Jobs, out var list, out var problem)
            || !JobFilters.TryRead(request, out var filters, out problem))
        {
            return problem!;
        }
        await using var command = list.CreateCommand(db, integrationId, $"""
            WITH u AS (
                SELECT array_remove(ARRAY[hiring_team_key('id', @user_id)]
                         || array(SELECT hiring_team_key('email', x.record->>'email') FROM {AtsModel.Users.Table} x
                                   WHERE x.integration_id = @integration AND x.id = @user_id), NULL) AS keys)
            SELECT {JobsApi.Columns},
                   (SELECT coalesce(jsonb_agg(m), '[]')
                      FROM jsonb_array_elements(CASE jsonb_typeof(r.record->'hiring_team') WHEN 'array' THEN r.record->'hiring_team' ELSE '[]' END) AS m
                     WHERE hiring_team_key('id', m->>'id') = ANY(u.keys) OR hiring_team_key('email', m->>'email') = ANY(u.keys))
              FROM job_view r CROSS JOIN u
            """, "AND r.hiring_team_keys && u.keys " + filters.Conditions);
        command.Parameters.AddWithValue("user_id", userId);
        filters.AddParameters(command);
        var rows = new List<(string Key, JsonObject View)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var job = JobsApi.Read(reader);
                job["user_roles"] = Roles(reader.GetFieldValue<JsonArray>(7));
                rows.Add((reader.GetString(0), job));
            }
        }
        if (rows.Count == 0 && list.After == "" && !await UserKnownAsync(db, integrationId, userId, cancellationToken))
        {
            return await IntegrationData.ExistsAsync(db, integrationId, cancellationToken)
                ? ApiError.NotFound($"Integration '{integrationId}' has no user '{userId}', synced or on a hiring team.")
                : IntegrationData.NotFound(integrationId);
        }
        return Results.Ok(Page<JsonObject>.Of(rows, list.Size, r => r.View, r => Cursor.ForKey(AtsModel.Jobs.Name, r.Key)));
    }

    /// <summary>The user's roles over its entries in the hiring team (one, unless the ATS lists it twice): each role once.</summary>
    private static JsonObject Roles(JsonArray members)
    {
        var hiringTeamRoles = new List<string>();
        var jobRoles = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in members.OfType<JsonObject>())
        {
            foreach (var role in (member["hiring_team_roles"] as JsonArray ?? []).Select(r => r?.ToString()).OfType<string>())
            {
                if (!hiringTeamRoles.Contains(role))
                {
                    hiringTeamRoles.Add(role);
                }
            }
            foreach (var role in (member["job_roles"] as JsonArray ?? []).Where(r => r is not null && seen.Add(r.ToJsonString())))
            {
                jobRoles.Add(role!.DeepClone());
            }
        }
        return new JsonObject
        {
            ["hiring_team_roles"] = new JsonArray([.. hiringTeamRoles.Select(r => (JsonNode?)r)]),
            ["job_roles"] = jobRoles,
        };
    }

    private static async Task<bool> UserKnownAsync(NpgsqlDataSource db, string integrationId, string userId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand($"""
            SELECT EXISTS (SELECT 1 FROM {AtsModel.Users.Table} WHERE integration_id = @integration AND id = @user_id)
                OR EXISTS (SELECT 1 FROM ats_jobs WHERE integration_id = @integration AND hiring_team_keys @> ARRAY[hiring_team_key('id', @user_id)])
            """);
        command.Parameters.AddWithValue("integration", integrationId);
        command.Parameters.AddWithValue("user_id", userId);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
