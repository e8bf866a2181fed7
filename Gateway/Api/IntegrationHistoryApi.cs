using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace OrleansKombo.Gateway.Api;

/// <summary>
/// An integration's history, newest first: its pulls (<c>integration_pull_history</c>, one row per pull, the running one
/// with its progress so far) and the sync-finished events Kombo delivered (<c>integration_sync_history</c>). Both are
/// kept for <c>Sync:RetainPullsFor</c>.
/// </summary>
public static class IntegrationHistoryApi
{
    public static RouteGroupBuilder MapIntegrationHistory(this RouteGroupBuilder api)
    {
        api.MapGet("/integrations/{integration_id}/pulls", PullsAsync)
            .WithSummary("The integration's pulls, newest first: started_at, ended_at (null while RUNNING), mode (DELTA or FULL), status (RUNNING, SUCCEEDED, FAILED, NOT_READY), records_read, records_changed, pages, model (the one being read while RUNNING), Kombo's error_code and the error, and per model its pages, records and skipped (Kombo's code when it refused the model). Kept for Sync:RetainPullsFor.")
            .WithPaging()
            .Produces<Page<PullView>>();
        api.MapGet("/integrations/{integration_id}/syncs", SyncsAsync)
            .WithSummary("The sync-finished events Kombo delivered for the integration, newest first: sync_id, sync_state, started_at, ended_at, received_at. Kept for Sync:RetainPullsFor.")
            .WithPaging()
            .Produces<Page<SyncView>>();
        return api;
    }

    /// <summary>The newest pulls of an integration, for the console (the API pages the same query).</summary>
    public static Task<List<PullView>> LatestPullsAsync(NpgsqlDataSource db, string integrationId, int limit, CancellationToken cancellationToken) =>
        LatestAsync(db, integrationId, PullsSql, ReadPull, limit, cancellationToken);

    /// <summary>The newest sync-finished events of an integration, for the console.</summary>
    public static Task<List<SyncView>> LatestSyncsAsync(NpgsqlDataSource db, string integrationId, int limit, CancellationToken cancellationToken) =>
        LatestAsync(db, integrationId, SyncsSql, ReadSync, limit, cancellationToken);

    private static async Task<List<T>> LatestAsync<T>(NpgsqlDataSource db, string integrationId, string sql, Func<NpgsqlDataReader, T> read,
        int limit, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(sql);
        command.Parameters.AddWithValue("id", integrationId);
        command.Parameters.AddWithValue("before", long.MaxValue);
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    private const string PullsSql = """
        SELECT seq, run_id, mode, started_at, ended_at, status, records_read, records_changed, pages, model, error_code, error, models
          FROM integration_pull_history
         WHERE integration_id = @id AND seq < @before
         ORDER BY seq DESC LIMIT @limit
        """;

    private const string SyncsSql = """
        SELECT seq, sync_id, sync_state, started_at, ended_at, received_at
          FROM integration_sync_history
         WHERE integration_id = @id AND seq < @before
         ORDER BY seq DESC LIMIT @limit
        """;

    private static PullView ReadPull(NpgsqlDataReader row) => new(
        row.GetGuid(1), row.GetString(2), row.GetFieldValue<DateTimeOffset>(3), row.GetFieldValue<DateTimeOffset?>(4),
        row.GetString(5), row.GetInt64(6), row.GetInt64(7), row.GetInt32(8), Text(row, 9), Text(row, 10), Text(row, 11),
        JsonSerializer.Deserialize<Dictionary<string, PullModelView>>(row.GetString(12), KomboJson.Options) ?? []);

    private static SyncView ReadSync(NpgsqlDataReader row) => new(row.GetString(1), row.GetString(2), row.GetFieldValue<DateTimeOffset>(3),
        row.GetFieldValue<DateTimeOffset>(4), row.GetFieldValue<DateTimeOffset>(5));

    private static Task<IResult> PullsAsync([FromRoute(Name = "integration_id")] string integrationId, HttpRequest request,
        NpgsqlDataSource db, CancellationToken cancellationToken) =>
        PageAsync(integrationId, request, db, "pulls", PullsSql, ReadPull, cancellationToken);

    private static Task<IResult> SyncsAsync([FromRoute(Name = "integration_id")] string integrationId, HttpRequest request,
        NpgsqlDataSource db, CancellationToken cancellationToken) =>
        PageAsync(integrationId, request, db, "syncs", SyncsSql, ReadSync, cancellationToken);

    private static async Task<IResult> PageAsync<T>(string integrationId, HttpRequest request, NpgsqlDataSource db, string kind,
        string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryRead(request, out var page, out var problem))
        {
            return problem!;
        }
        var before = long.MaxValue;
        if (page.Cursor is not null && (!Cursor.TryDecodeKey(page.Cursor, kind, out var key)
            || !long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out before)))
        {
            return PageRequest.InvalidCursor();
        }
        await using var command = db.CreateCommand(sql);
        command.Parameters.AddWithValue("id", integrationId);
        command.Parameters.AddWithValue("before", before);
        command.Parameters.AddWithValue("limit", page.Size + 1);
        return await IntegrationData.PageAsync(db, command, integrationId, page.Size, kind,
            row => (row.GetInt64(0).ToString(CultureInfo.InvariantCulture), read(row)), cancellationToken);
    }

    private static string? Text(NpgsqlDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);

    /// <param name="Model">The model being read while RUNNING; the last one read once the pull ended.</param>
    /// <param name="ErrorCode">Kombo's <c>error.code</c> of the setback that ended the pull, when Kombo sent one.</param>
    public sealed record PullView(
        Guid RunId,
        string Mode,
        DateTimeOffset StartedAt,
        DateTimeOffset? EndedAt,
        string Status,
        long RecordsRead,
        long RecordsChanged,
        int Pages,
        string? Model,
        string? ErrorCode,
        string? Error,
        IReadOnlyDictionary<string, PullModelView> Models);

    /// <param name="Skipped">Kombo's code when it refused the model in this pull, SKIPPED when it was not due; null when read.</param>
    public sealed record PullModelView(int Pages, long RecordsRead, long RecordsChanged, string? Skipped);

    public sealed record SyncView(string SyncId, string SyncState, DateTimeOffset StartedAt, DateTimeOffset EndedAt, DateTimeOffset ReceivedAt);
}
