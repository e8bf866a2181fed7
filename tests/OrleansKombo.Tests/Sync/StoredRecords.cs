using System.Text.Json;
using Npgsql;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Sync;

/// <summary>
/// Records for tests that drive the record store directly: kept as an allowlist of id, name and remote_deleted_at keeps
/// them, and written one step per transaction, as a pull commits a page.
/// </summary>
public static class StoredRecords
{
    private static readonly FieldAllowlist KeepAll = new(["id", "name", "remote_deleted_at"]);

    /// <summary>A record as the allowlist keeps it; deleted in the ATS at <paramref name="deletedAt"/> when given.</summary>
    public static KeptRecord Kept(string id, string name, DateTimeOffset? deletedAt = null) => KeptRecord.From(JsonSerializer.SerializeToElement(
        new { id, name, remote_deleted_at = deletedAt is { } at ? RecordFields.Format(at) : null }), KeepAll)!;

    /// <summary>Runs <paramref name="work"/> in its own transaction and commits it.</summary>
    public static async Task InTransactionAsync(Func<NpgsqlConnection, Task> work)
    {
        await using var connection = await TestDatabase.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await work(connection);
        await transaction.CommitAsync();
    }
}
