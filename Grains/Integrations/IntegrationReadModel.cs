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
        "data_purged_at", "models", "gone_since",
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
    }

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    /// <summary>As PostgreSQL keeps it: UTC, to the microsecond.</summary>
    private static NpgsqlParameter Time(string name, DateTimeOffset? value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = (object?)value?.ToUniversalTime() ?? DBNull.Value };

    private static NpgsqlParameter Json<T>(string name, T? value) where T : class =>
        new(name, NpgsqlDbType.Jsonb) { Value = value is null ? DBNull.Value : JsonSerializer.Serialize(value, KomboJson.Options) };
}
