using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace OrleansKombo.Silo.Migrations;

/// <summary>
/// Applies the embedded, versioned SQL scripts in order, each in its own transaction.
/// Safe to run twice and from several silos at once: a session-level advisory lock serialises runners,
/// and a script that changed after it was applied stops the run instead of drifting silently.
/// </summary>
public sealed class MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger)
{
    // Any constant works; it only has to be the same for every runner of this schema.
    private const long AdvisoryLockKey = 0x4F4B_6D69_6772;

    public static IReadOnlyList<Migration> Embedded { get; } = LoadEmbedded();

    public async Task<int> ApplyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await Execute(connection, "SELECT pg_advisory_lock(@key)", cancellationToken, ("key", AdvisoryLockKey));
        try
        {
            await Execute(connection, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    text        PRIMARY KEY,
                    name       text        NOT NULL,
                    checksum   text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken);

            var applied = await ReadApplied(connection, cancellationToken);
            var count = 0;
            foreach (var migration in Embedded)
            {
                if (applied.TryGetValue(migration.Version, out var checksum))
                {
                    if (checksum != migration.Checksum)
                    {
                        throw new InvalidOperationException(
                            $"Migration {migration.Name} was edited after it was applied; add a new migration instead.");
                    }
                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await Execute(connection, migration.Sql, cancellationToken);
                await Execute(connection,
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES (@version, @name, @checksum)",
                    cancellationToken,
                    ("version", migration.Version), ("name", migration.Name), ("checksum", migration.Checksum));
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied migration {Migration}", migration.Name);
                count++;
            }

            logger.LogInformation("Database schema is current: {Applied} applied now, {Total} in all", count, Embedded.Count);
            return count;
        }
        finally
        {
            await Execute(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, ("key", AdvisoryLockKey));
        }
    }

    private static async Task<Dictionary<string, string>> ReadApplied(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT version, checksum FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetString(0)] = reader.GetString(1);
        }
        return applied;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<Migration> LoadEmbedded()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        const string marker = ".Migrations.Scripts.";
        return assembly.GetManifestResourceNames()
            .Where(name => name.Contains(marker, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(resource =>
            {
                var name = resource[(resource.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..];
                var sql = Read(assembly, resource);
                var checksum = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));
                return new Migration(name.Split('_', 2)[0], name, sql, checksum);
            })
            .OrderBy(m => m.Version, StringComparer.Ordinal)
            .ToList();
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
