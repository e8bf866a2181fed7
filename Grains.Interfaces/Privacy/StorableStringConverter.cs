using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansKombo.Privacy;

/// <summary>
/// Every string a typed read takes, made storable by <see cref="StorableText"/>'s rule: <see cref="Cleaning"/> removes
/// the characters PostgreSQL refuses (for what Kombo sends: KomboJson.Tolerant), <see cref="Refusing"/> fails the read
/// naming the field (for what our API takes: KomboJson.Options, answered 400). Without it a lone surrogate escape throws
/// an InvalidOperationException from deep inside System.Text.Json, and U+0000 reaches PostgreSQL.
/// </summary>
public sealed class StorableStringConverter : JsonConverter<string>
{
    private readonly bool _refuse;

    private StorableStringConverter(bool refuse) => _refuse = refuse;

    public static StorableStringConverter Cleaning { get; } = new(refuse: false);

    public static StorableStringConverter Refusing { get; } = new(refuse: true);

    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
        {
            throw new JsonException($"The JSON value could not be converted to a string: it is {reader.TokenType}.");
        }
        var text = StorableText.ReadRaw(ref reader);
        var clean = StorableText.Clean(text);
        return _refuse && !ReferenceEquals(clean, text) ? throw new JsonException($"A string {StorableText.Refusal}.") : clean;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Read(ref reader, typeToConvert, options);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value);
}
