using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace OrleansKombo.Grains.Integrations;

/// <summary>
/// What the internal API shows of an integration (CONTRACT.md §3), as the columns of its <c>integrations</c> row that
/// the view <c>integration_status</c> serves. Taken from the grain's public snapshot (<see cref="IntegrationState.ToStatus"/>)
/// and its deletion dates, never from how the state happens to serialize: this is the one mapping to change when the
/// state changes, and an API response changes only when this does.
/// </summary>
public static class IntegrationReadModel
{
    private static readonly string[] Names =
    [
        "tool", "category", "state", "setup", "health", "health_reason", "last_sync", "last_pull", "watermark", "deleted_at",
        "data_purged_at", "models", "gone_since", "end_user", "setup_status", "qa_status", "log_url",
    ];

    public static string Columns { get; } = string.Join(", ", Names);

    public static string Values { get; } = string.Join(", ", Names.Select(n => "@" + n));

    public static string Updates { get; } = string.Join(", ", Names.Select(n => $"{n} = excluded.{n}"));

    public static void AddParameters(NpgsqlParameterCollection parameters, IntegrationState state)
    {
        var status = state.ToStatus();
        parameters.Add(Text("tool", status.Tool));
        parameters.Add(Text("category", status.Category));
        parameters.Add(Text("state", KomboJson.Name(status.State)));
        parameters.Add(Text("setup", KomboJson.Name(status.Setup)));
        parameters.Add(Text("health", KomboJson.Name(status.Health)));
        parameters.Add(Text("health_reason", status.HealthReason));
        parameters.Add(Json("last_sync", status.LastSync));
        parameters.Add(Json("last_pull", status.LastPull));
        parameters.Add(Time("watermark", status.Watermark));
        parameters.Add(Time("deleted_at", state.DeletedAt));
        parameters.Add(Time("data_purged_at", state.DataPurgedAt));
        parameters.Add(Json("models", status.Models));
        parameters.Add(Time("gone_since", status.GoneSince));
        parameters.Add(Json("end_user", state.EndUser));
        parameters.Add(Text("setup_status", state.KomboSetupStatus));
        parameters.Add(Text("qa_status", state.QaStatus));
        parameters.Add(Text("log_url", state.LogUrl));
    }

    /// <summary>
    /// Statements (CTEs over <c>saved</c>, the state's upsert) that write the pull's history row and record the last
    /// sync-finished in the same statement as the state: only when the state was saved, without a round trip of their own.
    /// </summary>
    public const string HistoryWrites = """
        , pull AS (
            INSERT INTO integration_pulls AS p (integration_id, run_id, mode, started_at, ended_at, status, records_read,
                                                records_changed, pages, model, error_code, error, models)
            SELECT saved.id, @pull_run, @pull_mode, @pull_started_at, @pull_ended_at, @pull_status, @pull_read, @pull_changed,
                   @pull_pages, @pull_model, @pull_error_code, @pull_error, @pull_models
              FROM saved WHERE @pull_run IS NOT NULL
            ON CONFLICT (integration_id, run_id) DO UPDATE SET
                ended_at = excluded.ended_at, status = excluded.status, records_read = excluded.records_read,
                records_changed = excluded.records_changed, pages = excluded.pages, model = excluded.model,
                error_code = excluded.error_code, error = excluded.error, models = excluded.models
            WHERE (p.ended_at, p.status, p.records_read, p.records_changed, p.pages, p.model, p.error_code, p.error, p.models)
                  IS DISTINCT FROM (excluded.ended_at, excluded.status, excluded.records_read, excluded.records_changed,
                                    excluded.pages, excluded.model, excluded.error_code, excluded.error, excluded.models)
        ), sync AS (
            INSERT INTO integration_syncs (integration_id, sync_id, sync_state, started_at, ended_at)
            SELECT saved.id, @sync_id, @sync_state, @sync_started_at, @sync_ended_at
              FROM saved WHERE @sync_id IS NOT NULL
            ON CONFLICT (integration_id, sync_id) DO NOTHING
        )
        """;

    /// <summary>The parameters of <see cref="HistoryWrites"/>; texts Kombo sent are cut to what an index takes.</summary>
    public static void AddHistoryParameters(NpgsqlParameterCollection parameters, IntegrationState state)
    {
        var pull = state.PullRecord;
        parameters.Add(new NpgsqlParameter("pull_run", NpgsqlDbType.Uuid) { Value = (object?)pull?.RunId ?? DBNull.Value });
        parameters.Add(Text("pull_mode", pull is null ? null : KomboJson.Name(pull.Mode)));
        parameters.Add(Time("pull_started_at", pull?.StartedAt));
        parameters.Add(Time("pull_ended_at", pull?.EndedAt));
        parameters.Add(Text("pull_status", pull?.Status));
        parameters.Add(new NpgsqlParameter("pull_read", NpgsqlDbType.Bigint) { Value = pull?.RecordsRead ?? 0 });
        parameters.Add(new NpgsqlParameter("pull_changed", NpgsqlDbType.Bigint) { Value = pull?.RecordsChanged ?? 0 });
        parameters.Add(new NpgsqlParameter("pull_pages", NpgsqlDbType.Integer) { Value = pull?.Pages ?? 0 });
        parameters.Add(Text("pull_model", pull?.Model));
        parameters.Add(Text("pull_error_code", Cut(pull?.ErrorCode, 200)));
        parameters.Add(Text("pull_error", Cut(pull?.Error, 4_000)));
        parameters.Add(Json("pull_models", pull?.Models));
        var sync = state.LastSync;
        parameters.Add(Text("sync_id", Cut(sync?.SyncId, 200)));
        parameters.Add(Text("sync_state", Cut(sync?.SyncState, 200)));
        parameters.Add(Time("sync_started_at", sync?.StartedAt));
        parameters.Add(Time("sync_ended_at", sync?.EndedAt));
    }

    private static string? Cut(string? text, int max) => text is { Length: var n } && n > max ? text[..max] : text;

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    /// <summary>As PostgreSQL keeps it: UTC, to the microsecond.</summary>
    private static NpgsqlParameter Time(string name, DateTimeOffset? value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = (object?)value?.ToUniversalTime() ?? DBNull.Value };

    private static NpgsqlParameter Json<T>(string name, T? value) where T : class =>
        new(name, NpgsqlDbType.Jsonb) { Value = value is null ? DBNull.Value : JsonSerializer.Serialize(value, KomboJson.Options) };
}
