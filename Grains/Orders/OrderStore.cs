using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Orleans.Storage;
using OrleansKombo.Assessment;
using OrleansKombo.Orders;

namespace OrleansKombo.Grains.Orders;

/// <summary>
/// An order grain's state as its row in <c>orders</c>, versioned like the integration row. The row's projection
/// columns serve the order lists and the write-back queue; an accepted order's invitation goes into the outbox in
/// the same transaction as the decision.
/// </summary>
public sealed class OrderStore(NpgsqlDataSource dataSource)
{
    public async Task<(OrderState? State, long Version)> LoadAsync(string id)
    {
        await using var command = dataSource.CreateCommand("SELECT doc, version FROM orders WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return (null, 0);
        }
        return (JsonSerializer.Deserialize<OrderState>(reader.GetString(0), KomboJson.Options), reader.GetInt64(1));
    }

    /// <summary>Writes the state if the stored version is still <paramref name="expectedVersion"/> (0 = new row).</summary>
    /// <param name="work">More to do in the same transaction (the outbox).</param>
    /// <returns>The new version.</returns>
    public async Task<long> SaveAsync(OrderState state, long expectedVersion, Func<NpgsqlConnection, Task>? work = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO orders AS o (id, integration_id, status, flagged, write_back_status, received_at, doc, version)
            VALUES (@id, @integration_id, @status, @flagged, @write_back_status, @received_at, @doc, 1)
            ON CONFLICT (id) DO UPDATE SET
                status = excluded.status, flagged = excluded.flagged, write_back_status = excluded.write_back_status,
                doc = excluded.doc, updated_at = now(), version = o.version + 1
            WHERE o.version = @expected
            RETURNING version
            """, connection);
        var details = state.Details;
        command.Parameters.AddWithValue("id", details.Id);
        command.Parameters.AddWithValue("integration_id", details.IntegrationId);
        command.Parameters.AddWithValue("status", KomboJson.Name(details.Status));
        command.Parameters.AddWithValue("flagged", details.OperatorFlag is not null);
        command.Parameters.AddWithValue("write_back_status", NpgsqlDbType.Text,
            details.WriteBack is { } writeBack ? KomboJson.Name(writeBack.Status) : DBNull.Value);
        command.Parameters.AddWithValue("received_at", state.ReceivedAt);
        command.Parameters.AddWithValue("doc", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(state, KomboJson.Options));
        command.Parameters.AddWithValue("expected", expectedVersion);
        var version = await command.ExecuteScalarAsync() as long? ?? throw new InconsistentStateException(
            $"Order {details.Id} was changed by another activation (expected version {expectedVersion}).");
        if (work is not null)
        {
            await work(connection);
        }
        await transaction.CommitAsync();
        return version;
    }

    /// <summary>The ids among <paramref name="ids"/> that we have an order for.</summary>
    public async Task<IReadOnlySet<string>> KnownAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id FROM orders WHERE id = ANY(@ids)");
        command.Parameters.AddWithValue("ids", ids.ToArray());
        var known = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            known.Add(reader.GetString(0));
        }
        return known;
    }

    /// <summary>The integration's results still to be written back, for its assessment grain to resume.</summary>
    public async Task<IReadOnlyList<WriteBackRequest>> PendingWriteBacksAsync(string integrationId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT doc FROM orders WHERE integration_id = @integration_id AND write_back_status = 'PENDING'");
        command.Parameters.AddWithValue("integration_id", integrationId);
        var pending = new List<WriteBackRequest>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var state = JsonSerializer.Deserialize<OrderState>(reader.GetString(0), KomboJson.Options)!;
            if (state.Details.Result is { } result)
            {
                pending.Add(new WriteBackRequest(state.Details.Id, state.ResultRevision, result));
            }
        }
        return pending;
    }
}
