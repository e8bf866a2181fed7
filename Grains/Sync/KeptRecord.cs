using System.Security.Cryptography;
using System.Text.Json;

namespace OrleansKombo.Grains.Sync;

/// <summary>A record as we keep it: the allowlisted JSON, its hash, and the dates the store indexes.</summary>
public sealed class KeptRecord
{
    private KeptRecord(string id, byte[] json, DateTimeOffset? changedAt, DateTimeOffset? remoteDeletedAt)
    {
        Id = id;
        Json = json;
        Hash = SHA256.HashData(json);
        ChangedAt = changedAt;
        RemoteDeletedAt = remoteDeletedAt;
    }

    public string Id { get; }

    public byte[] Json { get; }

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
        return new KeptRecord(id, allowlist.Apply(record),
            RecordFields.Date(record, "changed_at"), RecordFields.Date(record, "remote_deleted_at"));
    }
}
