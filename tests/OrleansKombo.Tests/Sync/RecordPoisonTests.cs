using System.Security.Cryptography;
using System.Text.Json;
using OrleansKombo.Catalog;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Sync;

/// <summary>
/// Requirement 2 of issue 14 on the sync's page writer: a record with characters PostgreSQL refuses is stored without
/// them, and a record PostgreSQL refuses anyway (here an id too long for its index) is left out alone, while the rest
/// of its page commits in the pull's transaction.
/// </summary>
public sealed class RecordPoisonTests
{
    private static readonly FieldAllowlist Allowlist = new(["id", "first_name", "last_name", "tags", "changed_at", "remote_deleted_at"]);

    private static KeptRecord Record(string json) => KeptRecord.From(JsonDocument.Parse(json).RootElement, Allowlist)!;

    [Fact]
    public async Task A_record_with_nul_or_a_lone_surrogate_is_stored_without_them()
    {
        await TestDatabase.EnsureMigratedAsync();
        var integration = KomboEvents.NewIntegrationId();
        var page = new[]
        {
            Record("""{"id":"c-nul\u0000","first_name":"Ada\u0000","last_name":"Love\ud800lace","tags":[{"name":"x\udc00"}],"phone_numbers":[{"phone_number":"+4930123"}]}"""),
            Record("""{"id":"c-ok","first_name":"Grace","last_name":"Hopper \ud83d\ude00"}"""),
        };

        await using var connection = await TestDatabase.DataSource.OpenConnectionAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await new RecordStore().WritePageAsync(connection, integration, AtsModel.Candidates, page, null, default);
            await transaction.CommitAsync();
        }

        Assert.Equal("""{"id": "c-nul", "tags": [{"name": "x"}], "last_name": "Lovelace", "first_name": "Ada"}""",
            await TestDatabase.ScalarAsync<string>("SELECT record::text FROM ats_candidates WHERE integration_id = @i AND id = 'c-nul'", ("i", integration)));
        Assert.Equal("Hopper 😀", await TestDatabase.ScalarAsync<string>(
            "SELECT record->>'last_name' FROM ats_candidates WHERE integration_id = @i AND id = 'c-ok'", ("i", integration)));
    }

    [Fact]
    public async Task A_record_postgres_refuses_is_left_out_and_the_rest_of_its_page_commits()
    {
        await TestDatabase.EnsureMigratedAsync();
        var integration = KomboEvents.NewIntegrationId();
        // Random hex does not compress, so the key is far over a b-tree entry's ~2.7 kB.
        var hugeId = Convert.ToHexString(RandomNumberGenerator.GetBytes(4000));
        var page = new[] { "c-1", hugeId, "c-2", "c-3" }.Select(id => Record($$$"""{"id":"{{{id}}}","first_name":"N"}""")).ToList();

        await using var connection = await TestDatabase.DataSource.OpenConnectionAsync();
        IReadOnlyList<RecordChange> changes;
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            changes = await new RecordStore().WritePageAsync(connection, integration, AtsModel.Candidates, page, Guid.NewGuid(), default);
            await transaction.CommitAsync();
        }

        Assert.Equal(["c-1", "c-2", "c-3"], changes.Select(c => c.RecordId).Order());
        Assert.Equal(3L, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM ats_candidates WHERE integration_id = @i", ("i", integration)));
        Assert.Equal(3L, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM change_feed WHERE integration_id = @i", ("i", integration)));
        Assert.Equal(3L, await TestDatabase.ScalarAsync<long>(
            "SELECT coalesce(sum(live), 0)::bigint FROM record_counts WHERE integration_id = @i", ("i", integration)));
    }
}
