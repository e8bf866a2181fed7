using System.Buffers;
using System.Text;
using System.Text.Json;

namespace OrleansKombo.Grains.Sync;

/// <summary>
/// What changed between the stored record and the new one, field by field at the top level: the change feed's row
/// (kind, changed fields, their values before and after; a new record has neither, its row is its after-image) and how
/// the model's count of live records moves.
/// </summary>
/// <param name="LiveDelta">+1 when a record becomes live (new, or deleted in the ATS and back), -1 when a live one is deleted, else 0.</param>
public sealed record RecordDiff(string Kind, IReadOnlyList<string> Fields, string? Before, string? After, int LiveDelta)
{
    /// <param name="storedJson">The stored record, or null when there is none.</param>
    /// <param name="storedDeleted">Whether the stored record is marked deleted.</param>
    public static RecordDiff Of(string? storedJson, bool storedDeleted, KeptRecord record)
    {
        var live = record.RemoteDeletedAt is null ? 1 : 0;
        if (storedJson is null)
        {
            // No after-value: a new record's after-image is its row (change_feed_view), never a second copy (issue 16 §3).
            return new RecordDiff(ChangeKind.Created, record.Fields, null, null, live);
        }

        using var now = JsonDocument.Parse(record.Json);
        using var then = JsonDocument.Parse(storedJson);
        var before = TopLevel(then.RootElement);
        var after = TopLevel(now.RootElement);
        var names = before.Keys.Union(after.Keys)
            .Where(n => !before.TryGetValue(n, out var b) || !after.TryGetValue(n, out var a) || !JsonElement.DeepEquals(a, b))
            .ToList();
        var kind = !storedDeleted && record.RemoteDeletedAt is not null ? ChangeKind.Deleted : ChangeKind.Updated;
        return new RecordDiff(kind, names, Object(names, before), Object(names, after), live - (storedDeleted ? 0 : 1));
    }

    private static Dictionary<string, JsonElement> TopLevel(JsonElement record) =>
        record.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

    private static string Object(IReadOnlyList<string> names, Dictionary<string, JsonElement> values)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var name in names)
            {
                writer.WritePropertyName(name);
                if (values.TryGetValue(name, out var value))
                {
                    value.WriteTo(writer);
                }
                else
                {
                    writer.WriteNullValue();
                }
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
