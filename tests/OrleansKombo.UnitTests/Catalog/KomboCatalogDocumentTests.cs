using System.Text.Json.Nodes;
using OrleansKombo.Catalog;

namespace OrleansKombo.UnitTests.Catalog;

/// <summary>Kombo's openapi.json is the judge of the catalog's Kombo names and of every field our allowlists keep.</summary>
public sealed class KomboCatalogDocumentTests
{
    [KomboDocumentFact]
    public void Each_model_is_an_endpoint_kombo_serves_and_a_model_name_its_data_changed_webhook_uses()
    {
        var paths = CatalogFiles.KomboOpenApi["paths"]!.AsObject();
        var changed = CatalogFiles.Resolve(CatalogFiles.KomboOpenApi["webhooks"]!["data-changed"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!);
        var names = Schema(Schema(Schema(changed, "data"), "changed_models")["items"]!, "name")["enum"]!.AsArray().Select(n => n!.GetValue<string>());

        Assert.All(AtsModel.All, model =>
        {
            Assert.True(paths[$"/ats/{model.KomboPath}"]?["get"] is not null, $"openapi.json has no GET /ats/{model.KomboPath}");
            Assert.Contains(model.DataChangedName, names);
        });
    }

    [KomboDocumentFact]
    public void Every_field_an_allowlist_keeps_by_default_is_one_kombos_schema_has()
    {
        Assert.All(AtsModel.All, model =>
        {
            var response = CatalogFiles.Resolve(CatalogFiles.KomboOpenApi["paths"]![$"/ats/{model.KomboPath}"]!["get"]!["responses"]!["200"]!
                ["content"]!["application/json"]!["schema"]!);
            var record = CatalogFiles.Resolve(Schema(Schema(response, "data"), "results")["items"]!);
            var missing = model.DefaultFields.Where(path => !Has(record, path.Split('.'))).ToList();
            Assert.True(missing.Count == 0, $"{model.Name}: Kombo's schema has no {string.Join(", ", missing)}");
        });
    }

    /// <summary>Whether the (dotted) path exists under the schema, through arrays and any of its alternatives.</summary>
    private static bool Has(JsonObject schema, ReadOnlySpan<string> path)
    {
        if (path.IsEmpty)
        {
            return true;
        }
        foreach (var candidate in Alternatives(schema))
        {
            if (candidate["properties"]?[path[0]] is { } property && Has(CatalogFiles.Resolve(property), path[1..]))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The schema itself, its array items, and the branches of anyOf/oneOf/allOf, resolved, recursively.</summary>
    private static IEnumerable<JsonObject> Alternatives(JsonObject schema)
    {
        yield return schema;
        if (schema["items"] is { } items)
        {
            foreach (var inner in Alternatives(CatalogFiles.Resolve(items)))
            {
                yield return inner;
            }
        }
        foreach (var keyword in new[] { "anyOf", "oneOf", "allOf" })
        {
            foreach (var branch in schema[keyword]?.AsArray() ?? [])
            {
                foreach (var inner in Alternatives(CatalogFiles.Resolve(branch!)))
                {
                    yield return inner;
                }
            }
        }
    }

    private static JsonObject Schema(JsonNode schema, string property) =>
        Alternatives(CatalogFiles.Resolve(schema)).Select(s => s["properties"]?[property]).OfType<JsonNode>().Select(CatalogFiles.Resolve).First();

    private static JsonObject Schema(JsonObject schema, string property) => Schema((JsonNode)schema, property);
}
