using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using OrleansKombo.Integrations;

namespace OrleansKombo.Gateway.Api;

/// <summary>
/// The integrations as their grains last stored them (<c>integrations.doc</c>), plus the operator's two levers:
/// pull the deltas now, re-read everything now. Reads never wake a grain; only the levers call the cluster.
/// </summary>
public static class IntegrationsApi
{
    private const string CursorKind = "integrations";

    public static RouteGroupBuilder MapIntegrationsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/integrations", ListAsync)
            .WithSummary("Every integration known to the cluster, ordered by id; each as GET /api/integrations/{integration_id} shows it, without counts.")
            .WithPaging()
            .Produces<Page<IntegrationView>>();
        api.MapGet("/integrations/{integration_id}", GetAsync)
            .WithSummary("One integration: lifecycle state, setup, health (and health_reason), last sync, last pull, watermark, how reading each model goes (models: status OK or UNAVAILABLE with Kombo's code and message, since), gone_since, and its live record counts per model.")
            .Produces<IntegrationView>();
        MapLever(api, "sync", "pull the deltas of", grain => grain.RequestPull(),
            "Asks the integration's grain to pull the deltas now (202); coalesces with a pull already requested, and cuts a backoff short (Kombo is asked at most once per 5 s).");
        MapLever(api, "reconcile", "fully re-read", grain => grain.RequestReconcile(),
            "Asks the integration's grain for a full re-read now (202): records absent from a completed read are marked deleted.");
        return api;
    }

    private static async Task<IResult> ListAsync(HttpRequest request, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryRead(request, out var page, out var problem))
        {
            return problem!;
        }
        var after = "";
        if (page.Cursor is not null && !Cursor.TryDecodeKey(page.Cursor, CursorKind, out after))
        {
            return PageRequest.InvalidCursor();
        }

        await using var command = db.CreateCommand("SELECT doc FROM integrations WHERE id > @after ORDER BY id LIMIT @limit");
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("limit", page.Size + 1);
        var rows = new List<IntegrationView>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(ReadDoc(reader));
            }
        }
        return Results.Ok(Page<IntegrationView>.Of(rows, page.Size, i => i, i => Cursor.ForKey(CursorKind, i.Id)));
    }

    private static async Task<IResult> GetAsync([FromRoute(Name = "integration_id")] string integrationId, NpgsqlDataSource db,
        CancellationToken cancellationToken)
    {
        // Live rows only; deleted ones stay until Sync:RetainDeletedFor purges them and are not part of the ATS any more.
        await using var command = db.CreateCommand("""
            SELECT i.doc,
                   (SELECT count(*) FROM ats_jobs WHERE integration_id = i.id AND remote_deleted_at IS NULL),
                   (SELECT count(*) FROM ats_candidates WHERE integration_id = i.id AND remote_deleted_at IS NULL),
                   (SELECT count(*) FROM ats_applications WHERE integration_id = i.id AND remote_deleted_at IS NULL),
                   (SELECT count(*) FROM ats_users WHERE integration_id = i.id AND remote_deleted_at IS NULL),
                   (SELECT count(*) FROM ats_tags WHERE integration_id = i.id AND remote_deleted_at IS NULL),
                   (SELECT count(*) FROM ats_application_stages WHERE integration_id = i.id AND remote_deleted_at IS NULL)
              FROM integrations i
             WHERE i.id = @id
            """);
        command.Parameters.AddWithValue("id", integrationId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return IntegrationData.NotFound(integrationId);
        }
        var counts = new RecordCounts(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
            reader.GetInt64(5), reader.GetInt64(6));
        return Results.Ok(ReadDoc(reader) with { Counts = counts });
    }

    private static void MapLever(RouteGroupBuilder api, string path, string what, Func<IIntegrationGrain, Task> request, string summary) =>
        api.MapPost($"/integrations/{{integration_id}}/{path}",
                ([FromRoute(Name = "integration_id")] string integrationId, NpgsqlDataSource db, IClusterClient cluster,
                    ILoggerFactory loggers, CancellationToken cancellationToken) =>
                    RequestAsync(integrationId, what, request, db, cluster, loggers, cancellationToken))
            .WithSummary(summary)
            .Produces(StatusCodes.Status202Accepted);

    private static async Task<IResult> RequestAsync(string integrationId, string what, Func<IIntegrationGrain, Task> request,
        NpgsqlDataSource db, IClusterClient cluster, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!await IntegrationData.ExistsAsync(db, integrationId, cancellationToken))
        {
            return IntegrationData.NotFound(integrationId);
        }
        return await ClusterCall.AnswerAsync(() => request(cluster.GetGrain<IIntegrationGrain>(integrationId)),
            () => Results.Accepted($"/api/integrations/{Uri.EscapeDataString(integrationId)}"),
            $"{what} integration '{integrationId}'", loggers.CreateLogger(typeof(IntegrationsApi)), cancellationToken);
    }

    /// <summary>The grain stores its state with Kombo's conventions, which are also this API's, so the doc is read as is.</summary>
    private static IntegrationView ReadDoc(NpgsqlDataReader reader) =>
        JsonSerializer.Deserialize<IntegrationView>(reader.GetString(0), KomboJson.Options)!;

    public sealed record RecordCounts(long Jobs, long Candidates, long Applications, long Users, long Tags, long ApplicationStages);

    public sealed record IntegrationView(
        string Id,
        string? Tool,
        string? Category,
        string State,
        string Setup,
        string Health,
        LastSync? LastSync,
        LastPull? LastPull,
        DateTimeOffset? Watermark,
        DateTimeOffset? DeletedAt,
        DateTimeOffset? DataPurgedAt,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RecordCounts? Counts = null,
        // Added by issue 10: per model how reading it goes, since when Kombo does not know the integration, why the health.
        IReadOnlyDictionary<string, ModelStatus>? Models = null,
        DateTimeOffset? GoneSince = null,
        string? HealthReason = null);
}
