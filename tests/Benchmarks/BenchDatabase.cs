using Npgsql;
using OrleansKombo.Catalog;

namespace OrleansKombo.Benchmarks;

/// <summary>
/// A database of the run's own, on the server --postgres names (never the database ./run.sh uses): created with a unique
/// name, migrated by the silo the run starts, and dropped at the end, on failure too (and on Ctrl-C, <see cref="BenchCleanup"/>).
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _server;

    private BenchDatabase(string server, string name, int? maxPoolSize)
    {
        _server = server;
        Name = name;
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        if (maxPoolSize is { } size)
        {
            builder.MaxPoolSize = size;
        }
        ConnectionString = builder.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <param name="purpose">The benchmark's name, part of the database's (bench_sync_…), so a leftover says whose it is.</param>
    /// <param name="maxPoolSize">The connection pool of the processes given <see cref="ConnectionString"/>; Npgsql's default when null.</param>
    public static async Task<BenchDatabase> CreateAsync(string server, string purpose, int? maxPoolSize = null)
    {
        var name = $"bench_{purpose.Replace('-', '_')}_{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid():N}"[..48];
        await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"");
        var database = new BenchDatabase(server, name, maxPoolSize);
        BenchCleanup.TrackDatabase(name, database.DropAsync);
        Console.WriteLine($"  database {name} (dropped at the end)");
        return database;
    }

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
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Drops the database with whatever connections are still open to it.</summary>
    private async Task DropAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_server, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    public async ValueTask DisposeAsync()
    {
        await DropAsync();
        BenchCleanup.ForgetDatabase(Name);
    }
}
