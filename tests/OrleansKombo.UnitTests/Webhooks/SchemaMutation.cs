using System.Text.Json.Nodes;

namespace OrleansKombo.UnitTests.Webhooks;

/// <summary>
/// One change to a webhook example that its schema allows (or that Kombo may make in a later version): a key
/// left out, a value null, an enum value we have never seen, a key we do not know. <see cref="Path"/> leads from
/// the envelope to the key, each step a property name or an array index.
/// </summary>
public sealed record SchemaMutation(SchemaMutation.Kinds Kind, IReadOnlyList<object> Path)
{
    public enum Kinds
    {
        /// <summary>A key not in its schema's <c>required</c> list is left out.</summary>
        Remove,

        /// <summary>A nullable value is null (also a nullable key the example leaves out).</summary>
        Null,

        /// <summary>An enum-typed string carries a value the schema does not list (yet).</summary>
        UnknownEnum,

        /// <summary>An object carries a key the schema does not have (yet).</summary>
        UnknownKey,
    }

    public const string UnknownEnumValue = "SOMETHING_KOMBO_ADDS_LATER";
    public const string UnknownKeyName = "key_kombo_adds_later";

    public override string ToString() => $"{Kind} {string.Join('.', Path)}";

    /// <summary>Applies the change to <paramref name="envelope"/> in place; one whose parent another change removed or nulled is skipped.</summary>
    public void ApplyTo(JsonObject envelope)
    {
        JsonNode? parent = envelope;
        foreach (var step in Path.SkipLast(1))
        {
            parent = Child(parent, step);
        }
        var last = Path[^1];
        switch (Kind)
        {
            case Kinds.Remove when parent is JsonObject o:
                o.Remove((string)last);
                break;
            case Kinds.Null when parent is JsonObject o:
                o[(string)last] = null;
                break;
            case Kinds.UnknownEnum when Child(parent, last) is JsonValue:
                Set(parent!, last, UnknownEnumValue);
                break;
            case Kinds.UnknownKey when Child(parent, last) is JsonObject target:
                target[UnknownKeyName] = new JsonObject { ["anything"] = true };
                break;
        }
    }

    private static JsonNode? Child(JsonNode? parent, object step) => step switch
    {
        string key when parent is JsonObject o => o[key],
        int index when parent is JsonArray a && index < a.Count => a[index],
        _ => null,
    };

    private static void Set(JsonNode parent, object step, JsonNode value)
    {
        if (parent is JsonObject o)
        {
            o[(string)step] = value;
        }
        else
        {
            parent.AsArray()[(int)step] = value;
        }
    }
}
