using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using OrleansKombo.Grains.Sync;

namespace OrleansKombo.UnitTests.Sync;

/// <summary>
/// How a page's records are compared: each is kept as its allowlisted bytes and their SHA-256, and the store rewrites a
/// record only when that hash differs from the stored one. So the hash must change exactly when kept content does.
/// </summary>
public sealed class KeptRecordTests
{
    private const int Iterations = 500;

    private static readonly FieldAllowlist Allowlist = new(["id", "name", "status", "tags.name", "stages.name", "changed_at", "remote_deleted_at"]);

    [Fact]
    public void The_hash_is_the_sha256_of_exactly_the_kept_bytes()
    {
        JsonGen.Record.Sample(record =>
        {
            var kept = KeptRecord.From(Element(record), Allowlist)!;

            Assert.Equal(Allowlist.Apply(Element((JsonObject)JsonGen.WithoutPhones(record)!)).Json, kept.Json);
            Assert.Equal(SHA256.HashData(kept.Json), kept.Hash);
            Assert.Equal(kept.Json, System.Text.Encoding.UTF8.GetBytes(kept.Text));
        }, iter: Iterations);
    }

    [Fact]
    public void A_change_to_a_dropped_field_or_to_the_order_of_top_level_keys_keeps_the_hash()
    {
        Gen.Select(JsonGen.Record, JsonGen.Value(2), Gen.Int).Sample((record, value, seed) =>
        {
            var changed = (JsonObject)record.DeepClone();
            changed["phone_numbers"] = value;
            changed["remote_data"] = value?.DeepClone();
            var random = new Random(seed);
            changed = new JsonObject(changed.OrderBy(_ => random.Next()).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())).ToList());

            Assert.Equal(Hash(record), Hash(changed));
        }, iter: Iterations);
    }

    [Fact]
    public void A_change_to_a_kept_field_changes_the_hash()
    {
        Gen.Select(JsonGen.Record, Gen.String[Gen.Char["abcxyz"], 1, 8]).Sample((record, name) =>
        {
            var changed = (JsonObject)record.DeepClone();
            changed["name"] = record["name"] is JsonValue v && v.TryGetValue<string>(out var old) ? old + name : name;

            Assert.NotEqual(Hash(record), Hash(changed));
        }, iter: Iterations);
    }

    [Theory]
    [InlineData("""{"name":"no id"}""")]
    [InlineData("""{"id":null}""")]
    [InlineData("""{"id":""}""")]
    [InlineData("""{"id":42}""")]
    public void A_record_without_a_string_id_is_not_kept(string json) =>
        Assert.Null(KeptRecord.From(JsonDocument.Parse(json).RootElement, Allowlist));

    [Theory]
    [InlineData("2026-04-04T10:11:12.345Z", "2026-04-04T10:11:12.345+00:00")]
    [InlineData("2026-04-04T12:11:12+02:00", "2026-04-04T10:11:12+00:00")]
    [InlineData("2026-04-04T10:11:12", "2026-04-04T10:11:12+00:00")]
    public void Kombos_dates_are_read_as_instants(string text, string instant)
    {
        var kept = KeptRecord.From(JsonDocument.Parse($$"""{"id":"r1","changed_at":"{{text}}","remote_deleted_at":"{{text}}"}""").RootElement, Allowlist)!;

        Assert.Equal(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture), kept.ChangedAt);
        Assert.Equal(kept.ChangedAt, kept.RemoteDeletedAt);
    }

    [Theory]
    [InlineData("""{"id":"r1","changed_at":"yesterday","remote_deleted_at":7}""")]
    [InlineData("""{"id":"r1","changed_at":null}""")]
    public void A_date_that_is_no_date_reads_as_none(string json)
    {
        var kept = KeptRecord.From(JsonDocument.Parse(json).RootElement, Allowlist)!;

        Assert.Null(kept.ChangedAt);
        Assert.Null(kept.RemoteDeletedAt);
    }

    private static byte[] Hash(JsonObject record) => KeptRecord.From(Element(record), Allowlist)!.Hash;

    private static JsonElement Element(JsonObject record) => JsonDocument.Parse(record.ToJsonString()).RootElement;
}
