using System.Globalization;
using System.Text.Json;
using OrleansKombo.Privacy;

namespace OrleansKombo.Grains.Sync;

/// <summary>Reading single fields from Kombo records, which may be missing, null or of an unexpected kind.</summary>
public static class RecordFields
{
    /// <summary>A string field as PostgreSQL can store it (StorableText); never throws for a lone surrogate escape.</summary>
    public static string? String(JsonElement record, string field) =>
        record.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? StorableText.Read(value) : null;

    public static DateTimeOffset? Date(JsonElement record, string field) =>
        String(record, field) is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : null;

    /// <summary>Kombo's date format, <c>YYYY-MM-DDTHH:mm:ss.sssZ</c>.</summary>
    public static string Format(DateTimeOffset value) => KomboDates.Format(value);
}
