using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OrleansKombo.Grains.Sync;

/// <summary>A record as we keep it: the allowlisted JSON, its hash, and the dates the store indexes.</summary>
public sealed class KeptRecord
{
    private KeptRecord(string id, byte[] json, IReadOnlyList<string> fields, DateTimeOffset? changedAt, DateTimeOffset? remoteDeletedAt)
    {
        Id = id;
        Json = json;
        Text = Encoding.UTF8.GetString(json);
        Fields = fields;
        Hash = SHA256.HashData(json);
        ChangedAt = changedAt;
        RemoteDeletedAt = remoteDeletedAt;
    }

    public string Id { get; }

    public byte[] Json { get; }

    /// <summary>The same JSON as text, as PostgreSQL takes jsonb parameters.</summary>
    public string Text { get; }

    /// <summary>The top-level fields the record has after the allowlist.</summary>
    public IReadOnlyList<string> Fields { get; }

    public byte[] Hash { get; }

    public DateTimeOffset? ChangedAt { get; }

    public DateTimeOffset? RemoteDeletedAt { get; }

    /// <summary>Null for a record without an id, which cannot be stored (and Kombo never sends).</summary>
    public static KeptRecord? From(JsonElement record, FieldAllowlist allowlist)
    {
        if (RecordFields.String(record, "id") is not { Length: > 0 } id)
        {
            return null;
        }
        var (json, fields) = allowlist.Apply(record);
        return new KeptRecord(id, json, fields, RecordFields.Date(record, "changed_at"), RecordFields.Date(record, "remote_deleted_at"));
    }
}
