using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using OrleansKombo.Catalog;
using OrleansKombo.Grains.Sync;
using OrleansKombo.UnitTests.Infrastructure;
using OrleansKombo.UnitTests.Webhooks;

namespace OrleansKombo.UnitTests.Sync;

/// <summary>
/// The privacy allowlist: generated records and allowlists against a plain model of what the allowlist promises, and
/// Kombo's own example records (openapi.json) against our default lists.
/// </summary>
public sealed class FieldAllowlistTests
{
    private const int Iterations = 1000;

    /// <summary>Keys anywhere in a record whose values must never be kept by default (README: "Privacy by default").</summary>
    private static readonly string[] Dropped =
    [
        "phone_numbers", "salary_amount", "salary_amount_from", "salary_amount_to", "salary_currency", "salary_period", "remote_data",
        "custom_fields", "integration_fields", "screening_questions", "screening_question_answers", "interviews", "offers", "social_media",
    ];

    [Fact]
    public void Exactly_the_listed_fields_are_kept_in_the_lists_order_and_listed_parents_keep_only_their_listed_children()
    {
        Gen.Select(JsonGen.Record, JsonGen.Allowlist).Sample((record, paths) =>
        {
            var (json, fields) = new FieldAllowlist(paths).Apply(Element(record));

            var expected = Model(record, paths);
            Assert.Equal(expected.ToJsonString(), JsonNode.Parse(json)!.ToJsonString());
            Assert.Equal(expected.Select(p => p.Key), fields);
        }, iter: Iterations);
    }

    [Fact]
    public void The_order_kombo_sends_top_level_keys_in_changes_no_byte()
    {
        Gen.Select(JsonGen.Record, JsonGen.Allowlist, Gen.Int).Sample((record, paths, seed) =>
        {
            var random = new Random(seed);
            var shuffled = new JsonObject(record.OrderBy(_ => random.Next()).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())).ToList());
            var allowlist = new FieldAllowlist(paths);

            Assert.Equal(allowlist.Apply(Element(record)).Json, allowlist.Apply(Element(shuffled)).Json);
        }, iter: Iterations);
    }

    [Fact]
    public void Applying_the_allowlist_twice_changes_nothing()
    {
        Gen.Select(JsonGen.Record, JsonGen.Allowlist).Sample((record, paths) =>
        {
            var allowlist = new FieldAllowlist(paths);
            var once = allowlist.Apply(Element(record)).Json;

            using var kept = JsonDocument.Parse(once);
            Assert.Equal(once, allowlist.Apply(kept.RootElement).Json);
        }, iter: Iterations);
    }

    [SharedFileFact(KomboDocuments.OpenApiFile)]
    public void Kombos_example_records_keep_their_id_and_lose_phone_numbers_salaries_and_the_other_dropped_fields()
    {
        foreach (var (path, allowlist) in DefaultAllowlists())
        {
            var examples = KomboDocuments.ListExamples(path);
            Assert.NotEmpty(examples);
            foreach (var example in examples)
            {
                var (json, fields) = allowlist.Apply(Element(example));
                var kept = JsonNode.Parse(json)!.AsObject();

                Assert.Equal(example["id"]!.GetValue<string>(), kept["id"]!.GetValue<string>());
                Assert.Equal(kept.Select(p => p.Key), fields);
                Assert.All(Keys(kept), key => Assert.DoesNotContain(key, Dropped));
                foreach (var phone in Values(example, "phone_number"))
                {
                    Assert.DoesNotContain(phone, Encoding.UTF8.GetString(json));
                }
            }
        }
    }

    [Fact]
    public void A_configured_allowlist_always_keeps_the_id()
    {
        var options = new SyncOptions { Fields = { ["jobs"] = ["name"] } };
        var record = JsonNode.Parse("""{"id":"j1","name":"Analyst","salary_amount":90000}""")!.AsObject();

        var (json, fields) = new SyncAllowlists(options).For(AtsModel.Jobs).Apply(Element(record));

        Assert.Equal("""{"id":"j1","name":"Analyst"}""", Encoding.UTF8.GetString(json));
        Assert.Equal(["id", "name"], fields);
    }

    /// <summary>Each synced model's Kombo path (<c>GET /ats/{path}</c>) and its default allowlist.</summary>
    private static IEnumerable<(string Path, FieldAllowlist Allowlist)> DefaultAllowlists()
    {
        var allowlists = new SyncAllowlists(new SyncOptions());
        return AtsModel.PullOrder.Select(model => (model.KomboPath, allowlists.For(model)));
    }

    /// <summary>
    /// What the allowlist promises, written plainly: a path that ends at a field keeps its whole value unless a longer
    /// path goes through it; then only the listed children are kept, in each element of an array, in the list's order.
    /// </summary>
    private static JsonObject Model(JsonObject record, IReadOnlyList<string> paths) =>
        paths.Count == 0 ? [] : (JsonObject)Project(record, paths.Select(p => p.Split('.')).ToList())!;

    private static JsonNode? Project(JsonNode? value, List<string[]> paths)
    {
        if (paths.All(p => p.Length == 0))
        {
            return value?.DeepClone();
        }
        var below = paths.Where(p => p.Length > 0).ToList();
        switch (value)
        {
            case JsonObject o:
                var kept = new JsonObject();
                foreach (var name in below.Select(p => p[0]).Distinct())
                {
                    if (o.TryGetPropertyValue(name, out var child))
                    {
                        kept[name] = Project(child, below.Where(p => p[0] == name).Select(p => p[1..]).ToList());
                    }
                }
                return kept;
            case JsonArray a:
                return new JsonArray(a.Select(item => Project(item, paths)).ToArray());
            default:
                return value?.DeepClone();
        }
    }

    private static JsonElement Element(JsonObject record) => JsonDocument.Parse(record.ToJsonString()).RootElement;

    private static IEnumerable<string> Keys(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Keys(p.Value).Prepend(p.Key)),
        JsonArray a => a.SelectMany(Keys),
        _ => [],
    };

    private static IEnumerable<string> Values(JsonNode? node, string key) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == key && p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? [s] : Values(p.Value, key)),
        JsonArray a => a.SelectMany(item => Values(item, key)),
        _ => [],
    };
}
