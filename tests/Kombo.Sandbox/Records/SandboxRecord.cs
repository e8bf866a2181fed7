using System.Text.Json.Serialization;

namespace Kombo.Sandbox.Records;

/// <summary>
/// What every Kombo ATS record has, plus the sandbox's bookkeeping: the immutable sequence that orders pages, the
/// time from which <c>updated_after</c> matches (own or nested change), and the cached JSON served until the next change.
/// </summary>
public abstract class SandboxRecord
{
    [JsonPropertyOrder(-100)]
    public required string Id { get; init; }

    [JsonPropertyOrder(-99)]
    public string? RemoteId { get; set; }

    [JsonPropertyOrder(100)]
    public DateTime ChangedAt { get; set; }

    [JsonPropertyOrder(101)]
    public DateTime? RemoteDeletedAt { get; set; }

    [JsonPropertyOrder(102)]
    public Dictionary<string, object?>? RemoteData { get; set; }

    /// <summary>Creation order within its model; pages walk it, so changes between pages never reorder a read.</summary>
    [JsonIgnore]
    public long Sequence { get; set; }

    /// <summary><c>updated_after</c> matches from here: the later of an own change and a nested change Kombo counts.</summary>
    [JsonIgnore]
    public DateTime UpdatedAt { get; set; }

    [JsonIgnore]
    internal byte[]? Utf8 { get; private set; }

    [JsonIgnore]
    public bool IsDeleted => RemoteDeletedAt is not null;

    /// <summary>Gone from Kombo altogether (as it does 14 days after a deletion): no read returns it any more.</summary>
    [JsonIgnore]
    public bool IsPurged { get; set; }

    /// <summary>The record's own fields changed.</summary>
    public void Changed(DateTime at)
    {
        ChangedAt = at;
        NestedChanged(at);
    }

    /// <summary>Nested data that Kombo counts for <c>updated_after</c> changed; <c>changed_at</c> stays.</summary>
    public void NestedChanged(DateTime at)
    {
        UpdatedAt = at > UpdatedAt ? at : UpdatedAt;
        Invalidate();
    }

    /// <summary>Embedded data changed that Kombo does not count for <c>updated_after</c>; only the served JSON differs.</summary>
    public void Invalidate() => Utf8 = null;

    internal byte[] Json() => Utf8 ??= Kombo.Sandbox.Json.SandboxJson.Utf8(this);
}
