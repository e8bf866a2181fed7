using System.Text.Json.Nodes;
using NJsonSchema;

namespace Kombo.Sandbox.Tests.Infrastructure;

/// <summary>
/// JSON schemas taken from Kombo's OpenAPI document in <c>../shared</c>: its <c>components.schemas</c> become
/// <c>definitions</c>, so NJsonSchema resolves the document's own references. Validation is as strict as the document:
/// <c>additionalProperties: false</c>, <c>required</c>, <c>enum</c> and <c>const</c>, <c>format</c> (date-time, email,
/// uri), <c>pattern</c>, <c>minimum</c>, and non-nullable types all fail a body that breaks them
/// (<c>SchemaStrictnessTests</c> proves each). One leniency is NJsonSchema's and kept on purpose: a null passes an
/// <c>enum</c> whose type allows null even when the enum does not list null, which is how Kombo means its 92 nullable
/// enums (its own "Minimal Error Response" example has <c>code: null</c> against an enum without null).
/// </summary>
public static class KomboSchemas
{
    public const string OpenApiFile = "kombo/openapi.json";

    private static readonly Lazy<JsonObject> Document = new(() => Normalise((JsonObject)JsonNode.Parse(
        File.ReadAllText(SharedFiles.Path(OpenApiFile)).Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal))!));

    /// <summary>
    /// Every schema the tests use, parsed once: the components plus, beside them under keys no reference can name,
    /// each operation's 200 answer (<c>op get /ats/jobs</c>), each error envelope (<c>response ErrorResponseATS</c>)
    /// and each webhook body (<c>webhook sync-finished</c>). Parsing the 1.2 MB document is the slow part.
    /// </summary>
    private static readonly Lazy<JsonSchema> Compiled = new(() =>
    {
        var document = Document.Value;
        var definitions = document["components"]!["schemas"]!.DeepClone().AsObject();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation?["responses"]?["200"]?["content"]?["application/json"]?["schema"] is JsonObject schema)
                {
                    definitions[$"op {method} {path}"] = schema.DeepClone();
                }
            }
        }
        foreach (var (name, response) in document["components"]!["responses"]!.AsObject())
        {
            definitions["response " + name] = response!["content"]!["application/json"]!["schema"]!.DeepClone();
        }
        foreach (var (type, webhook) in document["webhooks"]!.AsObject())
        {
            definitions["webhook " + type] = webhook!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!.DeepClone();
        }
        return JsonSchema.FromJsonAsync(new JsonObject { ["definitions"] = definitions }.ToJsonString()).GetAwaiter().GetResult();
    });

    private static JsonSchema Definition(string key) =>
        Compiled.Value.Definitions.TryGetValue(key, out var schema) ? schema : throw new KeyNotFoundException($"{OpenApiFile} has no {key}");

    /// <summary>A schema from <c>components.schemas</c>, e.g. <c>GetAtsJobsPositiveResponse</c>.</summary>
    public static JsonSchema Component(string name) => Definition(name);

    /// <summary>The ATS error envelope (<c>ErrorResponseATS</c>), the default response of every ATS and assessment endpoint.</summary>
    public static JsonSchema ErrorResponse() => Definition("response ErrorResponseATS");

    /// <summary>
    /// The error envelope one operation declares as its <c>default</c> response: <c>ErrorResponseATS</c> for ATS and
    /// assessment endpoints, <c>ErrorResponseGeneral</c> (platform codes only) for <c>/check-api-key</c>,
    /// <c>/force-sync</c> and <c>/integrations/{integration_id}</c>.
    /// </summary>
    public static JsonSchema ErrorResponse(string path, string method) => Definition("response " + ErrorResponseName(path, method));

    /// <summary>The response schema of one operation, e.g. (<c>/assessment/orders</c>, <c>get</c>).</summary>
    public static JsonSchema Response(string path, string method) => Definition($"op {method} {path}");

    /// <summary>Kombo's printed example of one operation's 200 answer, or null when it prints none.</summary>
    public static JsonNode? ResponseExample(string path, string method)
    {
        var content = Operation(path, method)["responses"]!["200"]!["content"]!["application/json"]!;
        return (content["example"] ?? content["examples"]?.AsObject().FirstOrDefault().Value?["value"])?.DeepClone();
    }

    /// <summary>Kombo's printed examples of the error envelope one operation declares.</summary>
    public static IReadOnlyList<JsonNode> ErrorExamples(string path, string method)
    {
        var examples = Document.Value["components"]!["responses"]![ErrorResponseName(path, method)]!["content"]!["application/json"]!["examples"]!.AsObject();
        return examples.Select(e => e.Value!["value"]!.DeepClone()).ToList();
    }

    private static string ErrorResponseName(string path, string method)
    {
        var reference = (string)Operation(path, method)["responses"]!["default"]!["$ref"]!;
        return reference[(reference.LastIndexOf('/') + 1)..];
    }

    /// <summary>The schema of one webhook's body, e.g. <c>assessment:order-received</c>.</summary>
    public static JsonSchema Webhook(string type) => Definition("webhook " + type);

    /// <summary>Kombo's printed example of one webhook's body.</summary>
    public static JsonObject WebhookExample(string type) => WebhookBody(type)["example"]!.DeepClone().AsObject();

    /// <summary>Every webhook type the document describes.</summary>
    public static IReadOnlyList<string> WebhookTypes() => Document.Value["webhooks"]!.AsObject().Select(w => w.Key).ToList();

    /// <summary>
    /// The raw JSON schema object of one webhook's body with <c>$ref</c>s left in place; <see cref="Resolve"/> follows them.
    /// For tests that walk the schema themselves (which keys are required, which are optional).
    /// </summary>
    public static JsonObject WebhookSchemaNode(string type) => Resolve(WebhookBody(type)["schema"]!.AsObject());

    /// <summary>Follows <c>$ref</c> to <c>#/definitions/…</c> (the document's components).</summary>
    public static JsonObject Resolve(JsonObject node)
    {
        for (var hops = 0; node["$ref"] is JsonValue reference && hops < 32; hops++)
        {
            var name = ((string)reference!)["#/definitions/".Length..];
            node = Document.Value["components"]!["schemas"]![name]!.AsObject();
        }
        return node;
    }

    private static JsonObject WebhookBody(string type) =>
        Document.Value["webhooks"]![type]!["post"]!["requestBody"]!["content"]!["application/json"]!.AsObject();

    private static JsonObject Operation(string path, string method) => Document.Value["paths"]![path]![method]!.AsObject();

    /// <summary>
    /// Two rewrites, neither loosening anything:
    /// <list type="bullet">
    /// <item>Kombo marks every double with <c>minimum: -1.7976931348623157e+308</c> (no bound at all); NJsonSchema reads
    /// bounds as decimal and fails on it, so those no-op bounds are dropped.</item>
    /// <item>NJsonSchema ignores <c>const</c> (Kombo uses it 251 times, e.g. <c>status: "success"</c> and the <c>type</c>
    /// that tells the variants of a <c>oneOf</c> apart); <c>const: x</c> means exactly <c>enum: [x]</c>, which it checks.</item>
    /// </list>
    /// </summary>
    private static JsonObject Normalise(JsonObject node)
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
                // A schema's const is a value; a property named "const" would map to a schema object.
                if (obj.ContainsKey("const") && obj["const"] is null or JsonValue && !obj.ContainsKey("enum"))
                {
                    obj["enum"] = new JsonArray(obj["const"]?.DeepClone());
                    obj.Remove("const");
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
        schema.Validate(json).SelectMany(Flatten).ToList();

    /// <summary>
    /// Errors inside <c>oneOf</c>/<c>anyOf</c> branches and inside each type of a multi-type node (<c>["string","null"]</c>)
    /// are nested; a message names the innermost ones too, indented.
    /// </summary>
    private static IEnumerable<string> Flatten(NJsonSchema.Validation.ValidationError error)
    {
        yield return $"{error.Path}: {error.Kind} ({error.Property})";
        var inner = error switch
        {
            NJsonSchema.Validation.ChildSchemaValidationError child => child.Errors.SelectMany(e => e.Value),
            NJsonSchema.Validation.MultiTypeValidationError multi => multi.Errors.SelectMany(e => e.Value),
            _ => [],
        };
        foreach (var line in inner.SelectMany(Flatten).Take(20))
        {
            yield return "    " + line;
        }
    }
}
