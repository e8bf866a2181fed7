using System.Buffers;
using System.Text.Json;

namespace OrleansKombo.Grains.Sync;

/// <summary>
/// The fields of one model we keep, as a tree of names built from dotted paths. Applying it writes a new JSON
/// document with only those fields, in the allowlist's order, so equal content always gives equal bytes (and
/// hash). A listed leaf keeps its whole value; a listed parent keeps only its listed children, in every
/// element when the value is an array.
/// </summary>
public sealed class FieldAllowlist
{
    private readonly Node _root = new();

    public FieldAllowlist(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            var node = _root;
            foreach (var name in path.Split('.'))
            {
                node = node.Children.TryGetValue(name, out var child) ? child : node.Children[name] = new Node();
            }
        }
    }

    /// <returns>The kept JSON, and the top-level fields it has (a new record's changed fields).</returns>
    public (byte[] Json, IReadOnlyList<string> Fields) Apply(JsonElement record)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        var fields = new List<string>(_root.Children.Count);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, child) in _root.Children)
            {
                if (record.TryGetProperty(name, out var field))
                {
                    writer.WritePropertyName(name);
                    Write(writer, field, child);
                    fields.Add(name);
                }
            }
            writer.WriteEndObject();
        }
        return (buffer.WrittenSpan.ToArray(), fields);
    }

    private static void Write(Utf8JsonWriter writer, JsonElement value, Node node)
    {
        if (node.Children.Count == 0)
        {
            value.WriteTo(writer);
            return;
        }
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var (name, child) in node.Children)
                {
                    if (value.TryGetProperty(name, out var field))
                    {
                        writer.WritePropertyName(name);
                        Write(writer, field, child);
                    }
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    Write(writer, item, node);
                }
                writer.WriteEndArray();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }

    private sealed class Node
    {
        // Insertion-ordered, so output follows the allowlist's order whatever order Kombo sends.
        public OrderedDictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);
    }
}
