using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansKombo.Orders;

/// <summary>Reads any JSON value as its text (OrderResultRules says whether Kombo takes it) and writes it back unchanged.</summary>
public sealed class RemoteFieldsConverter : JsonConverter<RemoteFields>
{
    public override RemoteFields Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var value = JsonDocument.ParseValue(ref reader);
        return new RemoteFields(value.RootElement.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, RemoteFields value, JsonSerializerOptions options) => writer.WriteRawValue(value.Json);
}
