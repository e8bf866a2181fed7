using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansKombo.Privacy;

namespace OrleansKombo.Orders;

/// <summary>
/// Reads any JSON value as its text (OrderResultRules says whether Kombo takes it) and writes it back unchanged. Text that
/// PostgreSQL could not store (StorableText: <c>\u0000</c> or a lone surrogate escape, which jsonb refuses) fails the read.
/// </summary>
public sealed class RemoteFieldsConverter : JsonConverter<RemoteFields>
{
    public override RemoteFields Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var value = JsonDocument.ParseValue(ref reader);
        var raw = value.RootElement.GetRawText();
        if (!StorableText.IsStorableJson(System.Text.Encoding.UTF8.GetBytes(raw)))
        {
            throw new JsonException($"remote_fields {StorableText.Refusal}.");
        }
        return new RemoteFields(raw);
    }

    public override void Write(Utf8JsonWriter writer, RemoteFields value, JsonSerializerOptions options) => writer.WriteRawValue(value.Json);
}
