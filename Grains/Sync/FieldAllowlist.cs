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
                node = node.Children.TryGetValue(name, out var child) ? child : node.Children[name] = new Node(name);
            }
        }
    }

    /// <summary>
    /// One buffer and writer per thread, reused record after record: a page's records are filtered one after another on
    /// one thread, and each record's bytes are copied out before the next starts.
    /// </summary>
    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? _scratch;

    /// <returns>The kept JSON, and the top-level fields it has (a new record's changed fields).</returns>
    public (byte[] Json, IReadOnlyList<string> Fields) Apply(JsonElement record)
    {
        var (buffer, writer) = _scratch ??= Scratch();
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        var fields = new List<string>(_root.Children.Count);
        try
        {
            writer.WriteStartObject();
            foreach (var (name, child) in _root.Children)
            {
                if (record.TryGetProperty(child.Utf8Name, out var field))
                {
                    writer.WritePropertyName(child.EncodedName);
                    Write(writer, field, child);
                    fields.Add(name);
                }
            }
            writer.WriteEndObject();
            writer.Flush();
        }
        catch
        {
            // A writer left mid-document is not reused.
            _scratch = null;
            throw;
        }
        var json = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > MaxKeptScratch)
        {
            // One huge record must not pin its buffer to the thread.
            _scratch = null;
        }
        return (json, fields);
    }

    private const int MaxKeptScratch = 256 * 1024;

    private static (ArrayBufferWriter<byte>, Utf8JsonWriter) Scratch()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        return (buffer, new Utf8JsonWriter(buffer));
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
                foreach (var child in node.Children.Values)
                {
                    if (value.TryGetProperty(child.Utf8Name, out var field))
                    {
                        writer.WritePropertyName(child.EncodedName);
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

    private sealed class Node(string? name = null)
    {
        /// <summary>The name as the record's UTF-8 is searched for and as it is written, encoded once, not per record.</summary>
        public byte[] Utf8Name { get; } = System.Text.Encoding.UTF8.GetBytes(name ?? "");

        public JsonEncodedText EncodedName { get; } = JsonEncodedText.Encode(name ?? "");

        // Insertion-ordered, so output follows the allowlist's order whatever order Kombo sends.
        public OrderedDictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);
    }
}
