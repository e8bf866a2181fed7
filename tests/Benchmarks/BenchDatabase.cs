using Npgsql;
using OrleansKombo.Catalog;

namespace OrleansKombo.Benchmarks;

/// <summary>A fresh database on the given server for one benchmark run, dropped afterwards.</summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _name;

    private BenchDatabase(string server, string name)
    {
        _server = server;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static async Task<BenchDatabase> CreateAsync(string server)
    {
        var name = $"bench_{DateTime.UtcNow:yyyyMMddHHmmss}";
        await ExecuteAsync(server, $"CREATE DATABASE {name}");
        return new BenchDatabase(server, name);
    }

    /// <summary>
    /// A database of a fixed name, dropped and created again, for a benchmark that starts its own system on it (the
    /// silo migrates it); returns its connection string.
    /// </summary>
    public static async Task<string> RecreateAsync(string connectionString, string database)
    {
        await DropAsync(connectionString, database);
        await using (var dataSource = NpgsqlDataSource.Create(Admin(connectionString)))
        await using (var create = dataSource.CreateCommand($"CREATE DATABASE \"{database}\""))
        {
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(connectionString) { Database = database, MaxPoolSize = 200 }.ConnectionString;
    }

    /// <summary>Drops a database <see cref="RecreateAsync"/> made, with whatever connections are still open to it.</summary>
    public static async Task DropAsync(string connectionString, string database)
    {
        NpgsqlConnection.ClearAllPools();
        await using var dataSource = NpgsqlDataSource.Create(Admin(connectionString));
        await using var drop = dataSource.CreateCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        await drop.ExecuteNonQueryAsync();
    }

    private static string Admin(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString;

    public async Task<long> RowsSyncedSinceAsync(string integration, DateTimeOffset since) =>
        await ScalarAsync(SumOverRecordTables("synced_at >= @since"), integration, since);

    public async Task<long> LiveRowsAsync(string integration) =>
        await ScalarAsync(SumOverRecordTables("remote_deleted_at IS NULL"), integration, DateTimeOffset.MinValue);

    /// <summary>The integration's rows matching <paramref name="condition"/>, over every catalog model's table.</summary>
    private static string SumOverRecordTables(string condition) => "SELECT " + string.Join(" + ",
        AtsModel.All.Select(m => $"(SELECT count(*) FROM {m.Table} WHERE integration_id = @i AND {condition})"));

    private async Task<long> ScalarAsync(string sql, string integration, DateTimeOffset since)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("i", integration);
        command.Parameters.AddWithValue("since", since);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(server);
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_server, $"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }
}
