using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OrleansKombo.Silo.Migrations;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Foundation;

public sealed class MigrationTests
{
    [Fact]
    public async Task Migrations_apply_to_an_empty_database_and_a_second_run_changes_nothing()
    {
        await using var database = await ScratchDatabase.CreateAsync();

        var first = await database.Runner().ApplyAsync();
        var second = await database.Runner().ApplyAsync();

        Assert.Equal(MigrationRunner.Embedded.Count, first);
        Assert.Equal(0, second);
        Assert.Equal(MigrationRunner.Embedded.Count, await database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Migrations_install_every_query_the_unmodified_Orleans_providers_require()
    {
        await using var database = await ScratchDatabase.CreateAsync();
        await database.Runner().ApplyAsync();

        string[] required =
        [
            "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey", "InsertMembershipKey",
            "UpdateMembershipKey", "UpdateIAmAlivetimeKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
            "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
            "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
            "UpsertReminderRowKey", "ReadReminderRowKey", "ReadReminderRowsKey", "ReadRangeRows1Key",
            "ReadRangeRows2Key", "DeleteReminderRowKey", "DeleteReminderRowsKey",
        ];
        foreach (var key in required)
        {
            Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM orleansquery WHERE querykey = @key", ("key", key)));
        }
    }

    [Fact]
    public async Task Concurrent_runners_apply_each_migration_exactly_once()
    {
        await using var database = await ScratchDatabase.CreateAsync();

        var applied = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => database.Runner().ApplyAsync())));

        Assert.Equal(MigrationRunner.Embedded.Count, applied.Sum());
        Assert.Equal(MigrationRunner.Embedded.Count, await database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task A_migration_edited_after_it_was_applied_stops_the_run()
    {
        await using var database = await ScratchDatabase.CreateAsync();
        await database.Runner().ApplyAsync();
        await database.ScalarAsync<int>("UPDATE schema_migrations SET checksum = 'edited' WHERE version = '0001'");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => database.Runner().ApplyAsync());

        Assert.Contains("0001_", error.Message);
    }

    /// <summary>An empty database of its own, dropped afterwards.</summary>
    private sealed class ScratchDatabase : IAsyncDisposable
    {
        private readonly string _name;

        private ScratchDatabase(string name)
        {
            _name = name;
            DataSource = NpgsqlDataSource.Create(TestDatabase.ForDatabase(name));
        }

        public NpgsqlDataSource DataSource { get; }

        public static async Task<ScratchDatabase> CreateAsync()
        {
            var name = $"scratch_{Guid.NewGuid():N}";
            await TestDatabase.ScalarAsync<int>($"CREATE DATABASE {name}");
            return new ScratchDatabase(name);
        }

        public MigrationRunner Runner() => new(DataSource, NullLogger<MigrationRunner>.Instance);

        public async Task<T?> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
        {
            await using var command = DataSource.CreateCommand(sql);
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }
            var result = await command.ExecuteScalarAsync();
            return result is null or DBNull ? default : (T)result;
        }

        public async ValueTask DisposeAsync()
        {
            await DataSource.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            await TestDatabase.ScalarAsync<int>($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
        }
    }
}
