using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OrleansKombo.Privacy;

namespace OrleansKombo.Grains.Sync;

/// <summary>A record as we keep it: the allowlisted JSON, its hash, and the dates the store indexes.</summary>
public sealed class KeptRecord
{
    private KeptRecord(string id, byte[] json, IReadOnlyList<string> fields, DateTimeOffset? changedAt, DateTimeOffset? remoteDeletedAt)
    {
        Id = id;
        Json = json;
        Fields = fields;
        Hash = SHA256.HashData(json);
        ChangedAt = changedAt;
        RemoteDeletedAt = remoteDeletedAt;
    }

    public string Id { get; }

    public byte[] Json { get; }

    /// <summary>
    /// The same JSON as text, as PostgreSQL takes jsonb array parameters; made when first asked for (a new record is
    /// copied in from <see cref="Json"/>'s bytes and never needs it).
    /// </summary>
    public string Text => field ??= Encoding.UTF8.GetString(Json);

    /// <summary>The top-level fields the record has after the allowlist.</summary>
    public IReadOnlyList<string> Fields { get; }

    public byte[] Hash { get; }

    public DateTimeOffset? ChangedAt { get; }

    public DateTimeOffset? RemoteDeletedAt { get; }

    /// <summary>
    /// Null for a record without an id, which cannot be stored (and Kombo never sends). Phone numbers (under any key
    /// PhoneKeys names, at any depth, whatever the allowlist lists) and characters PostgreSQL refuses are removed first
    /// (MinimisedJson), so nothing below ever sees them.
    /// </summary>
    public static KeptRecord? From(JsonElement record, FieldAllowlist allowlist)
    {
        var raw = JsonMarshal.GetRawUtf8Value(record);
        // The usual record has nothing to drop or clean: checked without copying it, and kept from the parsed element.
        switch (MinimisedJson.IsMinimal(raw))
        {
            case null:
                return null;
            case true:
                return Keep(record, allowlist);
        }
        if (MinimisedJson.TryMinimise(raw) is not { } minimal)
        {
            return null;
        }
        using var document = JsonDocument.Parse(minimal);
        return Keep(document.RootElement, allowlist);
    }

    private static KeptRecord? Keep(JsonElement record, FieldAllowlist allowlist)
    {
        if (record.ValueKind != JsonValueKind.Object || RecordFields.String(record, "id") is not { Length: > 0 } id)
        {
            return null;
        }
        var (json, fields) = allowlist.Apply(record);
        return new KeptRecord(id, json, fields, RecordFields.Date(record, "changed_at"), RecordFields.Date(record, "remote_deleted_at"));
    }
}
