using System.Text.Json;
using OrleansKombo.Webhooks;

namespace OrleansKombo.Gateway.Webhooks;

/// <summary>
/// Reads Kombo's envelope <c>{"id","type","data"}</c> and types <c>data</c> by <c>type</c>, as the webhook's schema
/// allows: only the keys in <see cref="KomboEventTypes.Shapes"/> must be there; any other key may be absent or null,
/// unknown keys are ignored and enum-like values are kept as the strings Kombo sent.
/// </summary>
public static class KomboEventReader
{
    public static KomboEventReading Read(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return new(null, $"The body is not JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new(null, "The body must be a JSON object {\"id\",\"type\",\"data\"}.");
            }
            var id = NonEmptyString(root, "id");
            var type = NonEmptyString(root, "type");
            if (id is null || type is null)
            {
                return new(null, $"The event has no {(id is null ? "id" : "type")}: both must be non-empty strings.");
            }

            root.TryGetProperty("data", out var data);
            if (!KomboEventTypes.Shapes.TryGetValue(type, out var shape))
            {
                var integration = data.ValueKind == JsonValueKind.Object ? NonEmptyString(data, "integration_id") : null;
                return new(new KomboEvent(id, type, integration, null), null);
            }

            var unread = new KomboEvent(id, type, null, null);
            if (data.ValueKind != JsonValueKind.Object)
            {
                return new(unread, $"The data of a {type} event must be an object.");
            }
            var integrationId = NonEmptyString(data, "integration_id");
            if (shape.RequiredKeys.FirstOrDefault(key => !IsPresent(data, key)) is { } missing)
            {
                return new(unread with { IntegrationId = integrationId },
                    $"The data of a {type} event has no {missing}; we cannot act on it without one.");
            }
            try
            {
                // Tolerant: absent keys read as null; the required ones were checked above.
                var typed = data.Deserialize(shape.DataType, KomboJson.Tolerant)!;
                return new(unread with { IntegrationId = WebhookRoutes.IntegrationOf(typed), Data = typed }, null);
            }
            catch (JsonException e)
            {
                return new(unread with { IntegrationId = integrationId }, $"The data does not match a {type} event: {e.Message}");
            }
        }
    }

    /// <summary>Present and not null; a string must not be empty (an empty id names nothing).</summary>
    private static bool IsPresent(JsonElement data, string key) =>
        data.TryGetProperty(key, out var value) && value.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => false,
            JsonValueKind.String => value.GetString() is { Length: > 0 },
            _ => true,
        };

    private static string? NonEmptyString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s
            ? s
            : null;
}
