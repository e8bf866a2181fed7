using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OrleansKombo.Silo.Migrations;

namespace OrleansKombo.Tests.Infrastructure;

/// <summary>
/// The real PostgreSQL that ./test.sh starts. Every test shares it, so tests use their own grain keys,
/// integration ids and cluster ids instead of cleaning up after each other.
/// </summary>
public static class TestDatabase
{
    public static string ConnectionString { get; } =
        Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
        ?? "Host=127.0.0.1;Port=55432;Database=orleanskombo_test;Username=orleanskombo;Password=orleanskombo";

    public static NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(ConnectionString);

    private static readonly Lazy<Task> Migration = new(() =>
        new MigrationRunner(DataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync());

    public static Task EnsureMigratedAsync() => Migration.Value;

    public static async Task<T?> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default : (T)result;
    }

    /// <summary>A connection string for another database on the same server (created by the caller).</summary>
    public static string ForDatabase(string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString;
}
