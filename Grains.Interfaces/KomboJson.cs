using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansKombo.Privacy;

namespace OrleansKombo;

/// <summary>Kombo's JSON conventions: snake_case names and upper-snake enum values.</summary>
public static class KomboJson
{
    /// <summary>
    /// Strict about what the C# types say is required: for what we write and read back ourselves (grain state,
    /// the outbox) and for our own API's request bodies, so a wrong shape fails with a message naming the field.
    /// A string PostgreSQL could not store (StorableText) fails the read too.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = Create(strict: true);

    /// <summary>
    /// For what Kombo sends (API responses and webhooks): extra fields and missing or null ones never fail a read.
    /// The keys a webhook must carry are checked apart from this (KomboEventTypes.Shapes). Characters PostgreSQL
    /// refuses are removed from every string (StorableText).
    /// </summary>
    public static JsonSerializerOptions Tolerant { get; } = Create(strict: false);

    private static JsonSerializerOptions Create(bool strict)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            RespectNullableAnnotations = strict,
            RespectRequiredConstructorParameters = strict,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper));
        options.Converters.Add(strict ? StorableStringConverter.Refusing : StorableStringConverter.Cleaning);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>The wire name of an enum value, e.g. <c>PENDING_FIRST_SYNC</c>.</summary>
    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.SnakeCaseUpper.ConvertName(value.ToString());
}
