using System.Text.Json;
using CsCheck;
using OrleansKombo.Grains.Sync;

namespace OrleansKombo.UnitTests.Sync;

/// <summary>The change-feed row of a record write, and how it moves the model's count of live records.</summary>
public sealed class RecordDiffTests
{
    private static readonly FieldAllowlist Fields = new(["id", "name", "status", "remote_deleted_at"]);

    private static KeptRecord Record(string name, bool deleted, string status = "OPEN") => KeptRecord.From(JsonSerializer.SerializeToElement(
        new { id = "r1", name, status, remote_deleted_at = deleted ? "2026-11-01T00:00:00.000Z" : null }), Fields)!;

    private static string Stored(string name, bool deleted, string status = "OPEN") => Record(name, deleted, status).Text;

    [Fact]
    public void A_new_record_is_created_with_every_field_after_and_counts_one_more_live()
    {
        var diff = RecordDiff.Of(null, false, Record("Ada", deleted: false));

        Assert.Equal((ChangeKind.Created, 1), (diff.Kind, diff.LiveDelta));
        Assert.Equal(["id", "name", "status", "remote_deleted_at"], diff.Fields);
        Assert.Null(diff.Before);
    }

    [Fact]
    public void An_update_names_only_the_fields_that_changed_with_their_values_before_and_after()
    {
        var diff = RecordDiff.Of(Stored("Ada", false), false, Record("Ada", false, status: "CLOSED"));

        Assert.Equal((ChangeKind.Updated, 0), (diff.Kind, diff.LiveDelta));
        Assert.Equal(["status"], diff.Fields);
        Assert.Equal("""{"status":"OPEN"}""", diff.Before);
        Assert.Equal("""{"status":"CLOSED"}""", diff.After);
    }

    [Theory]
    [InlineData(false, false, "UPDATED", 0)]
    [InlineData(false, true, "DELETED", -1)]
    [InlineData(true, false, "UPDATED", 1)]   // deleted in the ATS and back: live again
    [InlineData(true, true, "UPDATED", 0)]    // a deleted record that changed again stays deleted
    public void Deletion_and_undeletion_move_the_live_count(bool storedDeleted, bool nowDeleted, string kind, int delta)
    {
        var diff = RecordDiff.Of(Stored("Ada", storedDeleted), storedDeleted, Record("Grace", nowDeleted));

        Assert.Equal((kind, delta), (diff.Kind, diff.LiveDelta));
    }

    [Fact]
    public void Over_any_history_of_a_record_the_live_deltas_add_up_to_whether_it_is_live_now()
    {
        // Each step is the next version Kombo serves: deleted or not, with some name.
        Gen.Select(Gen.Bool, Gen.String[Gen.Char["abc"], 0, 3]).Array[1, 12].Sample(history =>
        {
            var live = 0;
            (string Json, bool Deleted)? stored = null;
            foreach (var (deleted, name) in history)
            {
                var record = Record(name, deleted);
                if (stored is null && deleted)
                {
                    continue;   // the store keeps nothing of a record deleted before we ever had it
                }
                live += RecordDiff.Of(stored?.Json, stored?.Deleted ?? false, record).LiveDelta;
                stored = (record.Text, deleted);
            }
            Assert.Equal(stored is { Deleted: false } ? 1 : 0, live);
        });
    }
}
