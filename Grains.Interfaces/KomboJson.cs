using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansKombo;

/// <summary>
/// Kombo's JSON conventions: snake_case names and upper-snake enum values. Reading is strict about what the
/// C# types say is required, so a payload of the wrong shape fails with a message naming the field.
/// </summary>
public static class KomboJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>The wire name of an enum value, e.g. <c>PENDING_FIRST_SYNC</c>.</summary>
    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.SnakeCaseUpper.ConvertName(value.ToString());
}
