using System.Text.Json;
using OrleansKombo.Catalog;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Sync;

public sealed class RecordStoreTests
{
    private static readonly FieldAllowlist KeepAll = new(["id", "name", "status", "changed_at", "remote_deleted_at"]);

    private static KeptRecord Record(string id) =>
        KeptRecord.From(JsonSerializer.SerializeToElement(new { id, name = id, status = "OPEN", changed_at = "2026-11-01T00:00:00.000Z" }), KeepAll)!;

    [Fact]
    public async Task A_completed_full_read_marks_unseen_records_deleted_except_in_models_read_with_a_filter()
    {
        await TestDatabase.EnsureMigratedAsync();
        var integration = KomboEvents.NewIntegrationId();
        var store = new RecordStore();
        var run = Guid.NewGuid();
        await using var connection = await TestDatabase.DataSource.OpenConnectionAsync();
        await store.WritePageAsync(connection, integration, AtsModel.Jobs, [Record("job-seen"), Record("job-filtered-out")], null, default);
        await store.WritePageAsync(connection, integration, AtsModel.Tags, [Record("tag-seen"), Record("tag-gone")], null, default);

        // The full read sees one of each; jobs were read with a filter (e.g. statuses=OPEN), tags were not.
        await store.WritePageAsync(connection, integration, AtsModel.Jobs, [Record("job-seen")], run, default);
        await store.WritePageAsync(connection, integration, AtsModel.Tags, [Record("tag-seen")], run, default);
        var gone = await store.MarkUnseenDeletedAsync(connection, integration, run, DateTimeOffset.UtcNow, ["jobs"], default);

        Assert.Equal(["tag-gone"], gone.Select(c => c.RecordId));
        Assert.Equal(0L, await TestDatabase.ScalarAsync<long>(
            "SELECT count(*) FROM ats_jobs WHERE integration_id = @i AND remote_deleted_at IS NOT NULL", ("i", integration)));
    }
}
