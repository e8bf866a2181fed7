using System.Text.Json;
using OrleansKombo.Catalog;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Sync;

/// <summary>
/// A CREATED change-feed entry stores no copy of its record (issue 16 §3): its after-image is the record's row while the
/// row is as it was created, and gets its own copy when the row first changes. The feed (change_feed_view, which the
/// API reads) must answer exactly what a stored copy would have: these tests hold it to the record as first written,
/// through updates, deletions, reconciles and purges.
/// </summary>
public sealed class ChangeFeedAfterImageTests
{
    private static readonly RecordStore Store = new();

    [Fact]
    public async Task A_created_entry_stores_no_copy_and_the_feed_answers_the_record_as_it_was_created_after_it_changes()
    {
        await TestDatabase.EnsureMigratedAsync();
        var integration = KomboEvents.NewIntegrationId();
        var ada = StoredRecords.Kept("ada", "Ada Lovelace");
        var grace = StoredRecords.Kept("grace", "Grace Hopper");

        await StoredRecords.InTransactionAsync(c => Store.WritePageAsync(c, integration, AtsModel.Candidates, [ada, grace], null, default));
        Assert.Equal(0L, await TestDatabase.ScalarAsync<long>(
            "SELECT count(*) FROM change_feed WHERE integration_id = @i AND after IS NOT NULL", ("i", integration)));
        SameJson(ada.Text, await CreatedAfterAsync(integration, "ada"));
        SameJson(grace.Text, await CreatedAfterAsync(integration, "grace"));

        // Ada changes, then is deleted in the ATS: her CREATED entry still answers her as created.
        await StoredRecords.InTransactionAsync(c => Store.WritePageAsync(c, integration, AtsModel.Candidates,
            [StoredRecords.Kept("ada", "Ada King")], null, default));
        await StoredRecords.InTransactionAsync(c => Store.WritePageAsync(c, integration, AtsModel.Candidates,
            [StoredRecords.Kept("ada", "Ada King", DateTimeOffset.UtcNow)], null, default));
        SameJson(ada.Text, await CreatedAfterAsync(integration, "ada"));
        SameJson(grace.Text, await CreatedAfterAsync(integration, "grace"));
        Assert.Equal(["CREATED", "UPDATED", "DELETED"], await KindsAsync(integration, "ada"));
        Assert.Equal("""{"name": "Ada King"}""", await TestDatabase.ScalarAsync<string>(
            "SELECT after::text FROM change_feed_view WHERE integration_id = @i AND record_id = 'ada' AND kind = 'UPDATED'", ("i", integration)));
    }

    [Fact]
    public async Task A_record_a_full_read_marks_deleted_keeps_its_created_after_image_and_a_purge_blanks_it()
    {
        await TestDatabase.EnsureMigratedAsync();
        var integration = KomboEvents.NewIntegrationId();
        var seen = StoredRecords.Kept("seen", "Seen");
        var gone = StoredRecords.Kept("gone", "Gone");
        await StoredRecords.InTransactionAsync(c => Store.WritePageAsync(c, integration, AtsModel.Tags, [seen, gone], null, default));

        var run = Guid.NewGuid();
        await StoredRecords.InTransactionAsync(async c =>
        {
            await Store.WritePageAsync(c, integration, AtsModel.Tags, [seen], run, default);
            await Store.MarkUnseenDeletedAsync(c, integration, run, DateTimeOffset.UtcNow.AddDays(-30), [], default);
        });
        SameJson(gone.Text, await CreatedAfterAsync(integration, "gone"));
        SameJson(seen.Text, await CreatedAfterAsync(integration, "seen"));

        await StoredRecords.InTransactionAsync(c => Store.PurgeDeletedAsync(c, integration, DateTimeOffset.UtcNow.AddDays(-14), default));
        Assert.Null(await CreatedAfterAsync(integration, "gone"));
        SameJson(seen.Text, await CreatedAfterAsync(integration, "seen"));

        // The same id created again after its purge: a new entry with the new record; the purged one stays blank.
        var again = StoredRecords.Kept("gone", "Back again");
        await StoredRecords.InTransactionAsync(c => Store.WritePageAsync(c, integration, AtsModel.Tags, [again], null, default));
        var afters = await CreatedAftersAsync(integration, "gone");
        Assert.Equal(2, afters.Count);
        Assert.Null(afters[0]);
        SameJson(again.Text, afters[1]);
    }

    [Fact]
    public async Task Random_histories_answer_every_created_entry_with_the_record_as_first_written()
    {
        await TestDatabase.EnsureMigratedAsync();
        var random = new Random(16);
        for (var round = 0; round < 5; round++)
        {
            var integration = KomboEvents.NewIntegrationId();
            var first = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var page = 0; page < 8; page++)
            {
                var records = Enumerable.Range(0, random.Next(1, 12))
                    .Select(_ => $"r{random.Next(20)}")
                    .Distinct()
                    .Select(id => StoredRecords.Kept(id, $"{id} v{random.Next(3)}", random.Next(6) == 0 ? DateTimeOffset.UtcNow : null))
                    .ToList();
                var changes = new List<RecordChange>();
                await StoredRecords.InTransactionAsync(async c =>
                    changes.AddRange(await Store.WritePageAsync(c, integration, AtsModel.Candidates, records, null, default)));
                foreach (var change in changes.Where(c => c.Kind == ChangeKind.Created))
                {
                    first[change.RecordId] = records.Single(r => r.Id == change.RecordId).Text;
                }
                Assert.Equal(changes.Select(c => c.Seq).Order(), changes.Select(c => c.Seq));
            }
            foreach (var (id, text) in first)
            {
                SameJson(text, await CreatedAfterAsync(integration, id));
            }
        }
    }

    /// <summary>The after-image the feed answers for the record's CREATED entry, as text PostgreSQL renders jsonb in.</summary>
    private static async Task<string?> CreatedAfterAsync(string integration, string id) =>
        (await CreatedAftersAsync(integration, id)).Single();

    private static async Task<List<string?>> CreatedAftersAsync(string integration, string id)
    {
        await using var command = TestDatabase.DataSource.CreateCommand("""
            SELECT after::text FROM change_feed_view WHERE integration_id = @i AND record_id = @id AND kind = 'CREATED' ORDER BY seq
            """);
        command.Parameters.AddWithValue("i", integration);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        var afters = new List<string?>();
        while (await reader.ReadAsync())
        {
            afters.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
        }
        return afters;
    }

    private static async Task<List<string>> KindsAsync(string integration, string id)
    {
        await using var command = TestDatabase.DataSource.CreateCommand(
            "SELECT kind FROM change_feed_view WHERE integration_id = @i AND record_id = @id ORDER BY seq");
        command.Parameters.AddWithValue("i", integration);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        var kinds = new List<string>();
        while (await reader.ReadAsync())
        {
            kinds.Add(reader.GetString(0));
        }
        return kinds;
    }

    /// <summary>The same JSON value (jsonb renders keys in its own order and spacing).</summary>
    private static void SameJson(string expected, string? actual)
    {
        Assert.NotNull(actual);
        using var want = JsonDocument.Parse(expected);
        using var got = JsonDocument.Parse(actual);
        Assert.True(JsonElement.DeepEquals(want.RootElement, got.RootElement), $"expected {expected}, the feed answers {actual}");
    }
}
