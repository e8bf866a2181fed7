using System.Text.Json.Nodes;
using CsCheck;
using OrleansKombo.Privacy;

namespace OrleansKombo.UnitTests.Sync;

/// <summary>
/// Generated JSON records: objects whose keys come from a few names (so that allowlists generated from the same names
/// keep some fields and drop others), nested objects and arrays up to a depth, and every kind of scalar.
/// </summary>
public static class JsonGen
{
    public static readonly string[] Names = ["id", "name", "status", "tags", "stages", "phone_numbers", "remote_data", "é-ü"];

    private static readonly Gen<JsonNode?> Scalar = Gen.OneOf(
        Gen.Const((JsonNode?)null),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Int[-1000, 1000].Select(i => (JsonNode?)JsonValue.Create(i)),
        Gen.Double[-1e6, 1e6].Select(d => (JsonNode?)JsonValue.Create(d)),
        Gen.String[Gen.Char["abc XYZ-é\"\\/<>日"], 0, 8].Select(s => (JsonNode?)JsonValue.Create(s)));

    public static Gen<JsonNode?> Value(int depth) => depth == 0
        ? Scalar
        : Gen.Frequency((3, Scalar), (1, Object(depth - 1).Select(o => (JsonNode?)o)), (1, Array(depth - 1).Select(a => (JsonNode?)a)));

    public static Gen<JsonObject> Object(int depth) =>
        Gen.Shuffle(Names, 0, Names.Length).SelectMany(keys => Value(depth).Array[keys.Length].Select(values =>
            new JsonObject(keys.Zip(values, (key, value) => KeyValuePair.Create(key, value)))));

    private static Gen<JsonArray> Array(int depth) => Value(depth).Array[0, 3].Select(items => new JsonArray(items));

    /// <summary>A record as Kombo sends one: a string id, then any of the names.</summary>
    public static Gen<JsonObject> Record { get; } = Object(3).SelectMany(record =>
        Gen.String[Gen.Char["abcdefghijkmnopqrstuvwxyz123456789"], 1, 24].Select(id =>
        {
            record["id"] = id;
            return record;
        }));

    /// <summary>A record as the store keeps it before its allowlist: without the keys that hold phone numbers, at any depth.</summary>
    public static Gen<JsonObject> RecordWithoutPhones { get; } = Record.Select(record => (JsonObject)WithoutPhones(record)!);

    /// <summary>A copy without any key <see cref="PhoneKeys"/> names, at any depth (what KeptRecord drops first).</summary>
    public static JsonNode? WithoutPhones(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Where(p => !PhoneKeys.IsPhone(p.Key)).Select(p => KeyValuePair.Create(p.Key, WithoutPhones(p.Value))).ToList()),
        JsonArray a => new JsonArray(a.Select(WithoutPhones).ToArray()),
        _ => node?.DeepClone(),
    };

    /// <summary>Dotted paths over the same names, up to three deep, as <c>Sync:Fields</c> takes them.</summary>
    public static Gen<string[]> Allowlist { get; } =
        Gen.OneOf(Names).Array[1, 3].Select(steps => string.Join('.', steps)).Array[0, 8];

    /// <summary>The same JSON with the keys of every object in another order (what jsonb or Kombo may do).</summary>
    public static Gen<JsonNode?> Reordered(JsonNode? node) => Gen.Int.Select(seed => Reorder(node, new Random(seed)));

    private static JsonNode? Reorder(JsonNode? node, Random random) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => p.Key).OrderBy(_ => random.Next())
            .Select(key => KeyValuePair.Create(key, Reorder(o[key], random))).ToList()),
        JsonArray a => new JsonArray(a.Select(item => Reorder(item, random)).ToArray()),
        _ => node?.DeepClone(),
    };
}
