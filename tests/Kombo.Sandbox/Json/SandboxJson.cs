using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kombo.Sandbox.Json;

/// <summary>The one set of serializer options: Kombo's snake_case names, nulls written (Kombo's schemas require the keys), its date format.</summary>
public static class SandboxJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            // Unicode names stay readable in the payloads, as Kombo sends them.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            PropertyNameCaseInsensitive = true,
        };
        options.Converters.Add(new KomboDateTimeConverter());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static byte[] Utf8(object value) => JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), Options);
}
