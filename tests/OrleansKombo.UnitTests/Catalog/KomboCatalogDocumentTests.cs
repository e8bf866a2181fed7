using System.Text.Json.Nodes;
using OrleansKombo.Catalog;
using OrleansKombo.UnitTests.Infrastructure;
using OrleansKombo.UnitTests.Webhooks;

namespace OrleansKombo.UnitTests.Catalog;

/// <summary>Kombo's openapi.json is the judge of the catalog's Kombo names and of every field our allowlists keep.</summary>
public sealed class KomboCatalogDocumentTests
{
    [SharedFileFact(SharedFiles.OpenApi)]
    public void Each_model_is_an_endpoint_kombo_serves_and_a_model_name_its_data_changed_webhook_uses()
    {
        var changed = KomboDocuments.Webhook(OrleansKombo.Webhooks.KomboEventTypes.DataChanged).DataSchema;
        var names = Schema(Schema(changed, "changed_models")["items"]!, "name")["enum"]!.AsArray().Select(n => n!.GetValue<string>());

        Assert.All(AtsModel.All, model =>
        {
            Assert.True(CatalogFiles.KomboList(model.KomboPath) is not null, $"openapi.json has no GET /ats/{model.KomboPath}");
            Assert.Contains(model.DataChangedName, names);
        });
    }

    [SharedFileFact(SharedFiles.OpenApi)]
    public void Every_field_an_allowlist_keeps_by_default_is_one_kombos_schema_has()
    {
        Assert.All(AtsModel.All, model =>
        {
            var response = KomboDocuments.Resolve(CatalogFiles.KomboList(model.KomboPath)!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!);
            var record = KomboDocuments.Resolve(Schema(Schema(response, "data"), "results")["items"]!);
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
            if (candidate["properties"]?[path[0]] is { } property && Has(KomboDocuments.Resolve(property), path[1..]))
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
            foreach (var inner in Alternatives(KomboDocuments.Resolve(items)))
            {
                yield return inner;
            }
        }
        foreach (var keyword in new[] { "anyOf", "oneOf", "allOf" })
        {
            foreach (var branch in schema[keyword]?.AsArray() ?? [])
            {
                foreach (var inner in Alternatives(KomboDocuments.Resolve(branch!)))
                {
                    yield return inner;
                }
            }
        }
    }

    private static JsonObject Schema(JsonNode schema, string property) =>
        Alternatives(KomboDocuments.Resolve(schema)).Select(s => s["properties"]?[property]).OfType<JsonNode>().Select(KomboDocuments.Resolve).First();

    private static JsonObject Schema(JsonObject schema, string property) => Schema((JsonNode)schema, property);
}
