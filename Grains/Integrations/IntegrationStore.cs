using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Orleans.Storage;

namespace OrleansKombo.Grains.Integrations;

/// <summary>
/// Reads and writes an integration grain's state as its row in <c>integrations</c>, with an optimistic version
/// so a second activation (e.g. during a partition) cannot silently overwrite the first. The same statement writes
/// the row's read-model columns (<see cref="IntegrationReadModel"/>), which the internal API reads through the view
/// <c>integration_status</c>, and the pull's and the last sync's history rows; <c>doc</c> is the grain's alone.
/// </summary>
public sealed class IntegrationStore(NpgsqlDataSource dataSource)
{
    public async Task<(IntegrationState? State, long Version)> LoadAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT doc, version FROM integrations WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return (null, 0);
        }
        var state = JsonSerializer.Deserialize<IntegrationState>(reader.GetString(0), KomboJson.Options)!;
        return (state, reader.GetInt64(1));
    }

    /// <summary>Writes the state if the stored version is still <paramref name="expectedVersion"/> (0 = new row).</summary>
    /// <returns>The new version.</returns>
    public async Task<long> SaveAsync(IntegrationState state, long expectedVersion, NpgsqlConnection? connection = null,
        CancellationToken cancellationToken = default)
    {
        await using var batch = connection is null ? dataSource.CreateBatch() : new NpgsqlBatch(connection);
        batch.BatchCommands.Add(SaveCommand(state, expectedVersion));
        return Saved(state, expectedVersion, await batch.ExecuteScalarAsync(cancellationToken));
    }

    /// <summary>
    /// The statement that writes the state if the stored version is still <paramref name="expectedVersion"/>, to run in
    /// a batch of the caller's (a page's, issue 16 §3); its one column is the new version, or it returns no row
    /// (<see cref="Saved"/>).
    /// </summary>
    public static NpgsqlBatchCommand SaveCommand(IntegrationState state, long expectedVersion)
    {
        var command = new NpgsqlBatchCommand($"""
            WITH saved AS (
                INSERT INTO integrations AS i (id, doc, version, {IntegrationReadModel.Columns})
                VALUES (@id, @doc, 1, {IntegrationReadModel.Values})
                ON CONFLICT (id) DO UPDATE SET doc = excluded.doc, updated_at = now(), version = i.version + 1,
                    {IntegrationReadModel.Updates}
                WHERE i.version = @expected
                RETURNING id, version
            ){IntegrationReadModel.HistoryWrites}
            SELECT version FROM saved
            """);
        command.Parameters.AddWithValue("id", state.Id);
        command.Parameters.Add(new NpgsqlParameter("doc", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(state, KomboJson.Options) });
        command.Parameters.AddWithValue("expected", expectedVersion);
        IntegrationReadModel.AddParameters(command.Parameters, state);
        IntegrationReadModel.AddHistoryParameters(command.Parameters, state);
        return command;
    }

    /// <summary>The new version from <see cref="SaveCommand"/>'s result.</summary>
    /// <exception cref="InconsistentStateException">It returned no row: another activation changed the row.</exception>
    public static long Saved(IntegrationState state, long expectedVersion, object? result) =>
        result as long? ?? throw new InconsistentStateException(
            $"Integration {state.Id} was changed by another activation (expected version {expectedVersion}).");
}
