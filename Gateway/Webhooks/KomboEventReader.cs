using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansKombo.Privacy;
using OrleansKombo.Webhooks;

namespace OrleansKombo.Gateway.Webhooks;

/// <summary>
/// Reads Kombo's envelope <c>{"id","type","data"}</c> and types <c>data</c> by <c>type</c>, as the webhook's schema
/// allows: only the keys in <see cref="KomboEventTypes.Shapes"/> must be there; any other key may be absent or null,
/// unknown keys are ignored and enum-like values are kept as the strings Kombo sent.
/// </summary>
public static partial class KomboEventReader
{
    /// <summary>
    /// Ids we index and key grains by (the envelope's id and type, and every string key we require, such as
    /// <c>integration_id</c> or an order's <c>id</c>) are at most this long: Kombo's are far shorter, and a longer one
    /// would fail its index in PostgreSQL on every retry.
    /// </summary>
    public const int MaxIdLength = 256;

    /// <summary>
    /// Reads the body after <see cref="MinimisedJson"/> has dropped phone numbers and made every string storable, so the
    /// event, the problem and the body the inbox keeps never carry either.
    /// </summary>
    public static KomboEventReading Read(ReadOnlyMemory<byte> body)
    {
        if (MinimisedJson.TryMinimise(body.Span) is not { } minimal)
        {
            return new(null, $"The body is not JSON: {Unparsable(body)}");
        }
        var reading = ReadMinimal(minimal);
        return reading with { Body = Encoding.UTF8.GetString(minimal) };
    }

    private static KomboEventReading ReadMinimal(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
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
        if (id.Length > MaxIdLength || type.Length > MaxIdLength)
        {
            return new(null, $"The event's {(id.Length > MaxIdLength ? "id" : "type")} is longer than {MaxIdLength} characters.");
        }

        root.TryGetProperty("data", out var data);
        if (!KomboEventTypes.Shapes.TryGetValue(type, out var shape))
        {
            var integration = data.ValueKind == JsonValueKind.Object ? ShortString(data, "integration_id") : null;
            return new(new KomboEvent(id, type, integration, null), null);
        }

        var unread = new KomboEvent(id, type, null, null);
        if (data.ValueKind != JsonValueKind.Object)
        {
            return new(unread, $"The data of a {type} event must be an object.");
        }
        var integrationId = ShortString(data, "integration_id");
        if (shape.RequiredKeys.FirstOrDefault(key => !IsPresent(data, key)) is { } missing)
        {
            return new(unread with { IntegrationId = integrationId },
                $"The data of a {type} event has no {missing}; we cannot act on it without one.");
        }
        if (shape.RequiredKeys.FirstOrDefault(key => data.GetProperty(key) is { ValueKind: JsonValueKind.String } v
                && v.GetString()!.Length > MaxIdLength) is { } tooLong)
        {
            return new(unread with { IntegrationId = integrationId },
                $"The data of a {type} event has a {tooLong} longer than {MaxIdLength} characters.");
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

    /// <summary>Why the body does not parse; the reader's message names a position, never the text.</summary>
    private static string Unparsable(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return "it is not one JSON value.";
        }
        catch (JsonException e)
        {
            // The parser's message quotes the token it stumbled on, which can be a phone number in a body we cannot
            // minimise; the answer is stored in the inbox, so only the place and the kind of the error are kept.
            return QuotedToken().Replace(e.Message, "'…'");
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

    /// <summary>An id for the inbox row's <c>integration_id</c> (indexed): none when it is longer than any id can be.</summary>
    private static string? ShortString(JsonElement element, string name) =>
        NonEmptyString(element, name) is { Length: <= MaxIdLength } s ? s : null;

    [GeneratedRegex("'[^']*'")]
    private static partial Regex QuotedToken();
}
