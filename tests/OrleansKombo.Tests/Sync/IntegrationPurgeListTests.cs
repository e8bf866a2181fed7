using OrleansKombo.Grains.Integrations;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Sync;

/// <summary>
/// The purge of a deleted integration has one list (<see cref="IntegrationPurgeList"/>): every table with an integration_id
/// column is either purged or kept on purpose, so a table added later cannot keep a deleted integration's data unnoticed.
/// </summary>
public sealed class IntegrationPurgeListTests
{
    [Fact]
    public async Task Every_table_with_an_integration_id_is_purged_or_kept_on_purpose()
    {
        await TestDatabase.EnsureMigratedAsync();
        var tables = await TablesWithIntegrationIdAsync();
        var purged = IntegrationPurgeList.Steps.Select(s => s.Table).ToList();

        Assert.Equal(purged.Count, purged.Distinct().Count());
        Assert.Empty(purged.Intersect(IntegrationPurgeList.Kept));
        Assert.Empty(tables.Except(purged).Except(IntegrationPurgeList.Kept));
        // Both lists name only tables that are there (with the column), so neither goes stale.
        Assert.Empty(purged.Concat(IntegrationPurgeList.Kept).Except(tables));
    }

    private static async Task<List<string>> TablesWithIntegrationIdAsync()
    {
        await using var command = TestDatabase.DataSource.CreateCommand("""
            SELECT c.table_name
              FROM information_schema.columns c
              JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
             WHERE c.table_schema = current_schema() AND c.column_name = 'integration_id' AND t.table_type = 'BASE TABLE'
             ORDER BY 1
            """);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }
        return tables;
    }
}
