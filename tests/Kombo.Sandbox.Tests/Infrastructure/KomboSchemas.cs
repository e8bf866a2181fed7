using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using NJsonSchema;

namespace Kombo.Sandbox.Tests.Infrastructure;

/// <summary>
/// JSON schemas taken from Kombo's OpenAPI document in <c>../shared</c>: its <c>components.schemas</c> become
/// <c>definitions</c>, so NJsonSchema resolves the document's own references.
/// </summary>
public static class KomboSchemas
{
    public const string OpenApiFile = "kombo/openapi.json";

    private static readonly Lazy<JsonObject> Document = new(() => WithoutUnboundedMinimums((JsonObject)JsonNode.Parse(
        File.ReadAllText(SharedFiles.Path(OpenApiFile)).Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal))!));

    private static readonly ConcurrentDictionary<string, JsonSchema> Cache = new();

    /// <summary>A schema from <c>components.schemas</c>, e.g. <c>GetAtsJobsPositiveResponse</c>.</summary>
    public static JsonSchema Component(string name) => Cache.GetOrAdd(name, n => Build(new JsonObject { ["$ref"] = "#/definitions/" + n }));

    /// <summary>The error envelope every endpoint declares as its default response.</summary>
    public static JsonSchema ErrorResponse() => Cache.GetOrAdd("#error", _ =>
        Build(Document.Value["components"]!["responses"]!["ErrorResponseATS"]!["content"]!["application/json"]!["schema"]!.DeepClone().AsObject()));

    /// <summary>The response schema of one operation, e.g. (<c>/assessment/orders</c>, <c>get</c>).</summary>
    public static JsonSchema Response(string path, string method) => Cache.GetOrAdd(method + " " + path, _ =>
        Build(Document.Value["paths"]![path]![method]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!.DeepClone().AsObject()));

    private static JsonSchema Build(JsonObject root)
    {
        root["definitions"] = Document.Value["components"]!["schemas"]!.DeepClone();
        return JsonSchema.FromJsonAsync(root.ToJsonString()).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Kombo marks every double with <c>minimum: -1.7976931348623157e+308</c> (no bound at all); NJsonSchema reads bounds
    /// as decimal and fails on it, so those no-op bounds are dropped.
    /// </summary>
    private static JsonObject WithoutUnboundedMinimums(JsonObject node)
    {
        var stack = new Stack<JsonNode?>([node]);
        while (stack.TryPop(out var current))
        {
            if (current is JsonObject obj)
            {
                if (obj["minimum"] is JsonValue min && min.TryGetValue<double>(out var value) && value < -1e300)
                {
                    obj.Remove("minimum");
                }
                foreach (var child in obj)
                {
                    stack.Push(child.Value);
                }
            }
            else if (current is JsonArray array)
            {
                foreach (var child in array)
                {
                    stack.Push(child);
                }
            }
        }
        return node;
    }

    public static IReadOnlyList<string> Errors(JsonSchema schema, string json) =>
        schema.Validate(json).Select(e => $"{e.Path}: {e.Kind} ({e.Property})").ToList();
}
