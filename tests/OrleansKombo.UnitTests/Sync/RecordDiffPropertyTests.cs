using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using OrleansKombo.Grains.Sync;

namespace OrleansKombo.UnitTests.Sync;

/// <summary>
/// The change feed's diff of a stored record and its new version: exactly the top-level fields whose values differ,
/// with their values before and after, and whether the record was created, updated or deleted.
/// </summary>
public sealed class RecordDiffPropertyTests
{
    private static (string Kind, IReadOnlyList<string> Fields, string? Before, string? After) Between(string? stored, bool storedDeleted,
        KeptRecord record)
    {
        var diff = RecordDiff.Of(stored, storedDeleted, record);
        return (diff.Kind, diff.Fields, diff.Before, diff.After);
    }

    private const int Iterations = 500;

    /// <summary>Every field the generator makes is kept (phone numbers are never generated here), so the diff sees whatever changed.</summary>
    private static readonly FieldAllowlist Everything = new(JsonGen.Names.Append("remote_deleted_at"));

    [Fact]
    public void A_new_record_is_created_with_all_its_fields_and_no_before_or_after_copy()
    {
        JsonGen.RecordWithoutPhones.Sample(record =>
        {
            var kept = Kept(record);

            var (kind, fields, before, after) = Between(null, false, kept);

            Assert.Equal(ChangeKind.Created, kind);
            Assert.Equal(kept.Fields, fields);
            Assert.Null(before);
            // Its after-image is its row (change_feed_view), not a second copy in the feed.
            Assert.Null(after);
        }, iter: Iterations);
    }

    [Fact]
    public void Exactly_the_fields_whose_values_differ_are_changed_with_their_values_before_and_after()
    {
        Gen.Select(JsonGen.RecordWithoutPhones, JsonGen.RecordWithoutPhones).Sample((stored, now) =>
        {
            now["id"] = stored["id"]!.DeepClone();
            var (kind, fields, before, after) = Between(Kept(stored).Text, false, Kept(now));

            var expected = stored.Select(p => p.Key).Union(now.Select(p => p.Key))
                .Where(name => !JsonNode.DeepEquals(stored[name], now[name]) || stored.ContainsKey(name) != now.ContainsKey(name))
                .ToHashSet();
            Assert.Equal(expected, fields.ToHashSet());
            Assert.Equal(ChangeKind.Updated, kind);
            var was = JsonNode.Parse(before!)!.AsObject();
            var @is = JsonNode.Parse(after!)!.AsObject();
            Assert.Equal(fields, was.Select(p => p.Key));
            Assert.Equal(fields, @is.Select(p => p.Key));
            Assert.All(fields, name =>
            {
                Assert.True(JsonNode.DeepEquals(stored[name], was[name]), $"before.{name}");
                Assert.True(JsonNode.DeepEquals(now[name], @is[name]), $"after.{name}");
            });
        }, iter: Iterations);
    }

    [Fact]
    public void The_key_order_the_store_gives_back_is_no_change()
    {
        // PostgreSQL's jsonb gives keys back in its own order, not in the order we wrote them.
        JsonGen.RecordWithoutPhones.SelectMany(record => JsonGen.Reordered(record).Select(reordered => (record, reordered))).Sample(pair =>
        {
            var (_, fields, _, _) = Between(pair.reordered!.ToJsonString(), false, Kept(pair.record));

            Assert.Empty(fields);
        }, iter: Iterations);
    }

    [Theory]
    [InlineData(false, true, ChangeKind.Deleted)]
    [InlineData(true, true, ChangeKind.Updated)]
    [InlineData(false, false, ChangeKind.Updated)]
    [InlineData(true, false, ChangeKind.Updated)]
    public void A_record_is_deleted_when_its_remote_deletion_first_arrives(bool storedDeleted, bool nowDeleted, string kind)
    {
        var stored = """{"id":"r1","name":"Ada","remote_deleted_at":null}""";
        var now = JsonNode.Parse(stored)!.AsObject();
        now["name"] = "Ada L.";
        now["remote_deleted_at"] = nowDeleted ? "2026-04-04T10:11:12.345Z" : null;

        Assert.Equal(kind, Between(stored, storedDeleted, Kept(now)).Kind);
    }

    private static KeptRecord Kept(JsonObject record) => KeptRecord.From(JsonDocument.Parse(record.ToJsonString()).RootElement, Everything)!;
}
