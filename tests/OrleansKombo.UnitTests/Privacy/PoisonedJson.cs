using System.Text.Json.Nodes;
using CsCheck;
using OrleansKombo.UnitTests.Sync;

namespace OrleansKombo.UnitTests.Privacy;

/// <summary>
/// Generated JSON with what hostile input carries: phone numbers under many spellings of the key, at any depth, and the
/// characters PostgreSQL refuses as JSON escapes (<c>\u0000</c>, lone surrogates) in strings and keys. A tree is built
/// with markers, serialised, and the markers then replaced by the escapes (System.Text.Json would never write them);
/// markers are ASCII, which the serialiser leaves alone.
/// </summary>
public static class PoisonedJson
{
    /// <summary>The digits every generated phone number carries unless a caller gives its own; they must never come out.</summary>
    public const string PhoneDigits = "4915178223344";

    public static readonly string[] PhoneKeys =
    [
        "phone", "PHONE", "Phone", "phone_number", "phoneNumber", "phoneNumbers", "phone_numbers", "PHONE_NUMBERS",
        "mobile_phone_number", "additional_phone_numbers", "home_phone_number", "telephone", "Telephone", "fax", "FAX", "mobile",
        "MobilePhone", "candidate_phone",
    ];

    /// <summary>Marker → the JSON escape it becomes; each is removed by the rule.</summary>
    public static readonly (string Marker, string Escape)[] Poison =
    [
        ("~NUL~", "\\u0000"),
        ("~HIGH~", "\\ud800"),
        ("~LOW~", "\\udc00"),
        ("~HIGH2~", "\\uDBFF"),
    ];

    private static readonly Gen<string> Text = Gen.String[Gen.Char["abc XYZ-é\"\\/<>日"], 0, 6];

    private static readonly Gen<string> PoisonedText = Gen.Select(Text, Gen.OneOf(Poison.Select(p => Gen.Const(p.Marker)).ToArray()), Text)
        .Select((a, poison, b) => a + poison + b);

    /// <summary>A phone number in one of the shapes ATSs send it (a fresh node each time: a node has one parent).</summary>
    public static Gen<JsonNode?> PhoneValue(string digits) => Gen.Int[0, 4].Select(shape => shape switch
    {
        0 => (JsonNode?)JsonValue.Create("+" + digits),
        1 => JsonValue.Create($"+{digits[..2]} {digits[2..5]} {digits[5..]} / " + digits),
        2 => new JsonArray(new JsonObject { ["type"] = "MOBILE", ["phone_number"] = digits }),
        3 => new JsonObject { ["number"] = digits, ["kind"] = "HOME" },
        _ => JsonValue.Create(long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture)),
    });

    private static readonly Gen<JsonNode?> Scalar = Gen.Frequency(
        (4, JsonGen.Value(0)),
        (2, PoisonedText.Select(s => (JsonNode?)JsonValue.Create(s))));

    public static Gen<JsonNode?> Value(int depth, string digits = PhoneDigits) => depth == 0
        ? Scalar
        : Gen.Frequency((3, Scalar), (2, Object(depth - 1, digits).Select(o => (JsonNode?)o)),
            (1, Value(depth - 1, digits).Array[0, 3].Select(items => (JsonNode?)new JsonArray(items))));

    /// <summary>Objects with ordinary keys, poisoned keys (made unique by their position) and phone keys.</summary>
    public static Gen<JsonObject> Object(int depth, string digits = PhoneDigits) =>
        Gen.Select(
                Gen.Frequency(
                    (4, Gen.OneOf(JsonGen.Names.Select(Gen.Const).ToArray()).Select(k => (Key: k, Phone: false))),
                    (1, PoisonedText.Select(k => (Key: "~KEY~" + k, Phone: false))),
                    (2, Gen.OneOf(PhoneKeys.Select(Gen.Const).ToArray()).Select(k => (Key: k, Phone: true)))),
                Value(depth, digits),
                PhoneValue(digits))
            .Array[0, 5]
            .Select(entries =>
            {
                var o = new JsonObject();
                for (var i = 0; i < entries.Length; i++)
                {
                    var ((key, phone), value, number) = entries[i];
                    o[key.Replace("~KEY~", $"k{i}", StringComparison.Ordinal)] = phone ? number : value;
                }
                return o;
            });

    /// <summary>The JSON text as sent: markers replaced by the escapes.</summary>
    public static string Serialise(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        foreach (var (marker, escape) in Poison)
        {
            text = text.Replace(marker, escape, StringComparison.Ordinal);
        }
        return text;
    }

    /// <summary>What the rule must leave: phone keys gone at any depth, the poison gone from strings and keys.</summary>
    public static JsonNode? Expected(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Where(p => !OrleansKombo.Privacy.PhoneKeys.IsPhone(p.Key))
            .Select(p => KeyValuePair.Create(Unpoisoned(p.Key), Expected(p.Value))).ToList()),
        JsonArray a => new JsonArray(a.Select(Expected).ToArray()),
        JsonValue v when v.TryGetValue<string>(out var s) => JsonValue.Create(Unpoisoned(s)),
        _ => node?.DeepClone(),
    };

    private static string Unpoisoned(string text) =>
        Poison.Aggregate(text, (current, p) => current.Replace(p.Marker, "", StringComparison.Ordinal));
}
