using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kombo.Sandbox.Json;

/// <summary>Kombo writes every timestamp as <c>YYYY-MM-DDTHH:mm:ss.sssZ</c>; the default converter would drop or add digits.</summary>
public sealed class KomboDateTimeConverter : JsonConverter<DateTime>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTime.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Text(value));

    public static string Text(DateTime value) => value.ToUniversalTime().ToString(Format, CultureInfo.InvariantCulture);
}
