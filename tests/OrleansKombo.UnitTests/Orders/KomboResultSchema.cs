using System.Text.Json.Nodes;
using NJsonSchema;
using OrleansKombo.UnitTests.Infrastructure;

namespace OrleansKombo.UnitTests.Orders;

/// <summary>
/// Kombo's request body of <c>PUT /assessment/orders/{id}/result</c>, read from ../shared/kombo/openapi.json: the schema
/// (its <c>components.schemas</c> references become <c>definitions</c>, so NJsonSchema resolves them), the patterns it
/// prints, and its example.
/// </summary>
public static class KomboResultSchema
{
    private static readonly Lazy<JsonObject> Document = new(() => (JsonObject)JsonNode.Parse(
        SharedFiles.Read(SharedFiles.OpenApi).Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal))!);

    private static readonly Lazy<JsonSchema> Compiled = new(() => Compile(Body()));

    private static JsonSchema Compile(JsonObject body)
    {
        var root = Resolve(body["schema"]!).DeepClone().AsObject();
        root["definitions"] = Document.Value["components"]!["schemas"]!.DeepClone();
        return JsonSchema.FromJsonAsync(WithoutUnboundedMinimums(root).ToJsonString()).GetAwaiter().GetResult();
    }

    /// <summary>
    /// The request body schema of another of Kombo's writes, e.g. (<c>/ats/applications/{application_id}/result-links</c>,
    /// <c>post</c>), compiled the same way.
    /// </summary>
    public static JsonSchema Request(string path, string method) =>
        Compile(Document.Value["paths"]![path]![method]!["requestBody"]!["content"]!["application/json"]!.AsObject());

    public static JsonSchema Schema => Compiled.Value;

    /// <summary>The schema's properties as printed, e.g. <c>completed_at</c>.</summary>
    public static JsonObject Properties => Resolve(Body()["schema"]!)["properties"]!.AsObject();

    public static string ContentTypePattern =>
        Properties["attachments"]!["items"]!["properties"]!["content_type"]!["pattern"]!.GetValue<string>();

    public static string CompletedAtPattern => Properties["completed_at"]!["pattern"]!.GetValue<string>();

    /// <summary>The request example openapi.json gives, as JSON text.</summary>
    public static string Example => Body()["examples"]!["example1"]!["value"]!.ToJsonString();

    public static IReadOnlyList<string> Errors(string json) => Schema.Validate(json).Select(e => $"{e.Path}: {e.Kind}").ToList();

    /// <summary>The schema a <c>$ref</c> names (one level, as openapi.json uses them), or the node itself.</summary>
    private static JsonObject Resolve(JsonNode schema) => schema["$ref"]?.GetValue<string>() is { } reference
        ? Document.Value["components"]!["schemas"]![reference["#/definitions/".Length..]]!.AsObject()
        : schema.AsObject();

    private static JsonObject Body() =>
        Document.Value["paths"]!["/assessment/orders/{assessment_order_id}/result"]!["put"]!["requestBody"]!["content"]!["application/json"]!.AsObject();

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
}
