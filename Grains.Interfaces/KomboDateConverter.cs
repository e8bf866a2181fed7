using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansKombo;

/// <summary>
/// Reads every date Kombo's pattern allows (<see cref="KomboDates"/>), and ISO 8601 dates with an offset, which are the
/// same instant in Kombo's format; writes ISO 8601 as System.Text.Json does.
/// </summary>
public sealed class KomboDateConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            if (KomboDates.TryParse(reader.GetString(), out var kombo))
            {
                return kombo;
            }
            if (reader.TryGetDateTimeOffset(out var iso))
            {
                return iso;
            }
        }
        throw new JsonException("The value must be a date-time like YYYY-MM-DDTHH:mm:ss.sssZ.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
