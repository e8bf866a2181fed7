using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansKombo.UnitTests.Infrastructure;

namespace OrleansKombo.UnitTests.Webhooks;

/// <summary>
/// Kombo's webhooks read at test time from the documents in <c>../shared</c>: every webhook of openapi.json (schema
/// and examples) and every event the guides in <c>seeds/</c> print. Nothing is copied into the repository.
/// </summary>
public static class KomboDocuments
{
    public const string OpenApiFile = "kombo/openapi.json";
    public const string SeedsFolder = "seeds";

    private static readonly Lazy<JsonObject> OpenApi = new(() =>
        JsonNode.Parse(File.ReadAllText(SharedFiles.Path(OpenApiFile)))!.AsObject());

    /// <summary>Every webhook of openapi.json, in the document's order.</summary>
    public static IReadOnlyList<KomboWebhook> Webhooks() => OpenApi.Value["webhooks"]!.AsObject().Select(w =>
    {
        var content = w.Value!["post"]!["requestBody"]!["content"]!["application/json"]!;
        var examples = new List<JsonObject>();
        if (content["example"] is JsonObject example)
        {
            examples.Add(example);
        }
        if (content["examples"] is JsonObject named)
        {
            examples.AddRange(named.Select(e => e.Value?["value"]).OfType<JsonObject>());
        }
        return new KomboWebhook(w.Key, Resolve(content["schema"]!), examples);
    }).ToList();

    public static KomboWebhook Webhook(string type) => Webhooks().Single(w => w.Type == type);

    /// <summary>The records of every example answer openapi.json prints for <c>GET /ats/{path}</c> (e.g. <c>application-stages</c>).</summary>
    public static IReadOnlyList<JsonObject> ListExamples(string path)
    {
        var content = OpenApi.Value["paths"]![$"/ats/{path}"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!;
        var answers = (content["examples"] as JsonObject ?? []).Select(e => e.Value?["value"]).Append(content["example"]);
        return answers.SelectMany(a => a?["data"]?["results"] as JsonArray ?? []).OfType<JsonObject>().ToList();
    }

    /// <summary>Follows <c>$ref</c>s into <c>components.schemas</c> until it reaches a schema of its own.</summary>
    public static JsonObject Resolve(JsonNode schema)
    {
        var current = schema.AsObject();
        for (var hops = 0; current["$ref"] is JsonValue reference; hops++)
        {
            if (hops > 32)
            {
                throw new InvalidOperationException($"$ref cycle at {reference}");
            }
            var name = reference.GetValue<string>().Split('/')[^1];
            current = OpenApi.Value["components"]!["schemas"]![name]!.AsObject();
        }
        return current;
    }

    /// <summary>
    /// Every JSON object with a <c>"type"</c> that a guide in <c>seeds/</c> prints, as printed: the text is scanned for
    /// balanced braces (outside strings), and whatever parses as an object with a type is an event.
    /// </summary>
    public static IReadOnlyList<(string File, int Index, JsonObject Event)> SeedEvents()
    {
        var events = new List<(string, int, JsonObject)>();
        foreach (var file in Directory.GetFiles(SharedFiles.Path(SeedsFolder), "*.txt").Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file);
            var index = 0;
            for (var start = text.IndexOf('{'); start >= 0; start = text.IndexOf('{', start + 1))
            {
                if (BalancedEnd(text, start) is not { } end || TryParseObject(text[start..(end + 1)]) is not { } parsed)
                {
                    continue;
                }
                if (parsed["type"] is JsonValue)
                {
                    events.Add((Path.GetFileName(file), index++, parsed));
                }
                start = end;
            }
        }
        return events;
    }

    /// <summary>Where the object opened at <paramref name="start"/> closes, or null when it does not within the text.</summary>
    private static int? BalancedEnd(string text, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
                continue;
            }
            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '{':
                    depth++;
                    break;
                case '}' when --depth == 0:
                    return i;
            }
        }
        return null;
    }

    private static JsonObject? TryParseObject(string candidate)
    {
        try
        {
            return JsonNode.Parse(candidate) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
