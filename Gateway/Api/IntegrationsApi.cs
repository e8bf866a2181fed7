using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using OrleansKombo.Catalog;
using OrleansKombo.Integrations;
using OrleansKombo.Webhooks;

namespace OrleansKombo.Gateway.Api;

/// <summary>
/// The integrations as their grains last stored them (the read model <c>integration_status</c>, with the live record
/// counts the record store keeps in <c>record_counts</c>), plus the operator's two levers: pull the deltas now, re-read
/// everything now. Reads never wake a grain; only the levers call the cluster.
/// </summary>
public static class IntegrationsApi
{
    private const string CursorKind = "integrations";

    /// <summary>The read model's columns, in <see cref="IntegrationView"/>'s order.</summary>
    private const string Columns = """
        id, tool, category, state, setup, health, last_sync, last_pull, watermark, deleted_at, data_purged_at, models, gone_since,
        health_reason, end_user, setup_status, qa_status, log_url
        """;

    private const int ColumnCount = 18;

    public static RouteGroupBuilder MapIntegrationsApi(this RouteGroupBuilder api)
    {
        IntegrationFilters.Describe(api.MapGet("/integrations", ListAsync)
            .WithSummary("Every integration known to the cluster, ordered by id; each as GET /api/integrations/{integration_id} shows it, without counts. Filters: health, state, setup (each a comma list of its values) and q (the id, end_user.origin_id exactly, or part of end_user.organization_name in any case).")
            .WithPaging())
            .Produces<Page<IntegrationView>>();
        api.MapGet("/integrations/{integration_id}", GetAsync)
            .WithSummary("One integration: lifecycle state, setup, health (and health_reason), last sync, last pull, watermark, how reading each model goes (models: status OK or UNAVAILABLE with Kombo's code and message, since), gone_since, and its live record counts per model.")
            .Produces<IntegrationView>();
        api.MapIntegrationHistory();
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

        if (!IntegrationFilters.TryRead(request, out var filters, out problem))
        {
            return problem!;
        }

        var rows = await QueryAsync(db, filters, after, page.Size + 1, cancellationToken);
        return Results.Ok(Page<IntegrationView>.Of(rows, page.Size, i => i, i => Cursor.ForKey(CursorKind, i.Id)));
    }

    /// <summary>Integrations after <paramref name="after"/> (by id) that pass <paramref name="filters"/>: the list, for the API and the console.</summary>
    public static async Task<List<IntegrationView>> QueryAsync(NpgsqlDataSource db, IntegrationFilters filters, string after, int limit,
        CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(
            $"SELECT {Columns} FROM integration_status s WHERE id > @after{filters.Conditions} ORDER BY id LIMIT @limit");
        command.Parameters.AddWithValue("after", after);
        filters.AddParameters(command);
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<IntegrationView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Read(reader));
        }
        return rows;
    }

    private static async Task<IResult> GetAsync([FromRoute(Name = "integration_id")] string integrationId, NpgsqlDataSource db,
        CancellationToken cancellationToken) =>
        await FindAsync(db, integrationId, cancellationToken) is { } view ? Results.Ok(view) : IntegrationData.NotFound(integrationId);

    /// <summary>One integration with its live counts, as the detail shows it (the API and the console); null when unknown.</summary>
    public static async Task<IntegrationView?> FindAsync(NpgsqlDataSource db, string integrationId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand($"""
            SELECT {Columns},
                   (SELECT jsonb_object_agg(c.model, c.live) FROM record_counts c WHERE c.integration_id = s.id)
              FROM integration_status s
             WHERE s.id = @id
            """);
        command.Parameters.AddWithValue("id", integrationId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var counted = Json<Dictionary<string, long>>(reader, ColumnCount) ?? [];
        // Every catalog model, in the catalog's order; a model without a row has no live records.
        var counts = new OrderedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var model in AtsModel.All)
        {
            counts[model.Name] = counted.GetValueOrDefault(model.Name);
        }
        return Read(reader) with { Counts = counts };
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

    private static IntegrationView Read(NpgsqlDataReader row) => new(
        row.GetString(0),
        row.IsDBNull(1) ? null : row.GetString(1),
        row.IsDBNull(2) ? null : row.GetString(2),
        row.GetString(3),
        row.GetString(4),
        row.GetString(5),
        Json<LastSync>(row, 6),
        Json<LastPull>(row, 7),
        row.GetFieldValue<DateTimeOffset?>(8),
        row.GetFieldValue<DateTimeOffset?>(9),
        row.GetFieldValue<DateTimeOffset?>(10),
        Models: Json<Dictionary<string, ModelStatus>>(row, 11),
        GoneSince: row.GetFieldValue<DateTimeOffset?>(12),
        HealthReason: row.IsDBNull(13) ? null : row.GetString(13),
        EndUser: Json<KomboEndUser>(row, 14),
        SetupStatus: row.IsDBNull(15) ? null : row.GetString(15),
        QaStatus: row.IsDBNull(16) ? null : row.GetString(16),
        LogUrl: row.IsDBNull(17) ? null : row.GetString(17));

    /// <summary>A jsonb column of the read model, written by the integration store from the same public records.</summary>
    private static T? Json<T>(NpgsqlDataReader row, int ordinal) where T : class =>
        row.IsDBNull(ordinal) ? null : JsonSerializer.Deserialize<T>(row.GetString(ordinal), KomboJson.Options);

    /// <param name="Counts">Live (not deleted) records per catalog model name, every model listed; only in the detail.</param>
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
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, long>? Counts = null,
        // Added by issue 10: per model how reading it goes, since when Kombo does not know the integration, why the health.
        IReadOnlyDictionary<string, ModelStatus>? Models = null,
        DateTimeOffset? GoneSince = null,
        string? HealthReason = null,
        // Added by issue 15: Kombo's descriptive fields, where Kombo sent them (integration-created, -state-changed, sync-finished).
        KomboEndUser? EndUser = null,
        string? SetupStatus = null,
        string? QaStatus = null,
        string? LogUrl = null);
}
