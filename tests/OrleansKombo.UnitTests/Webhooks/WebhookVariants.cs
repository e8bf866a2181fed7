using System.Text.Json.Nodes;

namespace OrleansKombo.UnitTests.Webhooks;

/// <summary>
/// Walks a webhook's schema along its example and lists every change the schema allows, at every depth of
/// <c>data</c>: each key not in its object's <c>required</c> list removed, each nullable value null (a nullable key
/// the example leaves out is added as null), each enum string replaced by one Kombo may add, an unknown key in
/// each object. The envelope's own keys are all required and are left alone.
/// </summary>
public static class WebhookVariants
{
    /// <summary>One variant per change, and one with every removal and null at once (the emptiest payload the schema allows).</summary>
    public static IReadOnlyList<(string Description, JsonObject Envelope)> Of(KomboWebhook webhook, JsonObject example)
    {
        var mutations = Mutations(webhook, example);
        var variants = mutations.Select(m => (m.ToString(), Apply(example, [m]))).ToList();
        var emptiest = mutations.Where(m => m.Kind is SchemaMutation.Kinds.Remove or SchemaMutation.Kinds.Null).ToList();
        if (emptiest.Count > 1)
        {
            variants.Add(("every optional key removed and every nullable value null", Apply(example, emptiest)));
        }
        return variants;
    }

    public static JsonObject Apply(JsonObject example, IEnumerable<SchemaMutation> mutations)
    {
        var envelope = example.DeepClone().AsObject();
        // Deepest first, so a change inside an object is made before the object itself is removed or nulled.
        foreach (var mutation in mutations.OrderByDescending(m => m.Path.Count))
        {
            mutation.ApplyTo(envelope);
        }
        return envelope;
    }

    public static IReadOnlyList<SchemaMutation> Mutations(KomboWebhook webhook, JsonObject example)
    {
        var mutations = new List<SchemaMutation>();
        if (example["data"] is JsonNode data)
        {
            Walk(webhook.DataSchema, data, ["data"], mutations);
        }
        return mutations;
    }

    private static void Walk(JsonObject schema, JsonNode? value, IReadOnlyList<object> path, List<SchemaMutation> mutations)
    {
        switch (value)
        {
            case JsonObject obj:
                var properties = schema["properties"] as JsonObject ?? [];
                var required = (schema["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()).ToHashSet();
                mutations.Add(new SchemaMutation(SchemaMutation.Kinds.UnknownKey, path));
                foreach (var (key, propertySchema) in properties)
                {
                    var resolved = KomboDocuments.Resolve(propertySchema!);
                    var present = obj.TryGetPropertyValue(key, out var child);
                    if (present && !required.Contains(key))
                    {
                        mutations.Add(new SchemaMutation(SchemaMutation.Kinds.Remove, [.. path, key]));
                    }
                    if (IsNullable(resolved) && (!present || child is not null))
                    {
                        mutations.Add(new SchemaMutation(SchemaMutation.Kinds.Null, [.. path, key]));
                    }
                    if (present)
                    {
                        Walk(resolved, child, [.. path, key], mutations);
                    }
                }
                break;
            case JsonArray array when schema["items"] is JsonNode items:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(KomboDocuments.Resolve(items), array[i], [.. path, i], mutations);
                }
                break;
            case JsonValue when schema["enum"] is JsonArray:
                mutations.Add(new SchemaMutation(SchemaMutation.Kinds.UnknownEnum, path));
                break;
        }
    }

    /// <summary>OpenAPI 3.0's <c>nullable: true</c>, or 3.1's <c>"null"</c> among the types.</summary>
    private static bool IsNullable(JsonObject schema) =>
        schema["nullable"] is JsonValue nullable && nullable.GetValue<bool>()
        || schema["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "null");
}
