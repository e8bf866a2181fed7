using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Orleans.Storage;
using OrleansKombo.Assessment;
using OrleansKombo.Orders;

namespace OrleansKombo.Grains.Orders;

/// <summary>
/// An order grain's state as its row in <c>orders</c>, versioned like the integration row. The same statement writes
/// the row's projection columns, which serve the write-back queue, and <c>body</c>: the order as the internal API
/// shows it (the grain's public <see cref="OrderDetails"/>, attachments' contents left out: <see cref="OrderApiBody"/>), read
/// through the view <c>order_view</c>, so the API never reads the grain's state. An accepted order's invitation goes into the outbox in the same transaction as the decision.
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
        var version = await WriteAsync(connection, state, expectedVersion) ?? throw new InconsistentStateException(
            $"Order {state.Details.Id} was changed by another activation (expected version {expectedVersion}).");
        if (work is not null)
        {
            await work(connection);
        }
        await transaction.CommitAsync();
        return version;
    }

    /// <summary>
    /// A new order's row in the caller's transaction (the pull's page that triggered it, TriggerOrders); false when the
    /// order exists already. Its grain loads it from here when it is first called.
    /// </summary>
    public static async Task<bool> AddNewAsync(NpgsqlConnection connection, OrderState state) => await WriteAsync(connection, state, 0) is not null;

    /// <returns>The new version, or null when the stored one is not <paramref name="expectedVersion"/>.</returns>
    private static async Task<long?> WriteAsync(NpgsqlConnection connection, OrderState state, long expectedVersion)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO orders AS o (id, integration_id, status, flagged, write_back_status, received_at, doc, body, version)
            VALUES (@id, @integration_id, @status, @flagged, @write_back_status, @received_at, @doc, @body, 1)
            ON CONFLICT (id) DO UPDATE SET
                status = excluded.status, flagged = excluded.flagged, write_back_status = excluded.write_back_status,
                doc = excluded.doc, body = excluded.body, updated_at = now(), version = o.version + 1
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
        command.Parameters.AddWithValue("body", NpgsqlDbType.Jsonb, OrderApiBody.Of(details));
        command.Parameters.AddWithValue("expected", expectedVersion);
        return await command.ExecuteScalarAsync() as long?;
    }

    /// <summary>Of <paramref name="ids"/>, the orders we have: their status and whether an operator is asked to look.</summary>
    public async Task<IReadOnlyDictionary<string, (OrderStatus Status, bool Flagged)>> StatusesAsync(IReadOnlyCollection<string> ids,
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, status, flagged FROM orders WHERE id = ANY(@ids)");
        command.Parameters.AddWithValue("ids", ids.ToArray());
        var known = new Dictionary<string, (OrderStatus, bool)>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            known[reader.GetString(0)] = (Enum.Parse<OrderStatus>(reader.GetString(1), ignoreCase: true), reader.GetBoolean(2));
        }
        return known;
    }

    /// <summary>The next <paramref name="limit"/> ids after <paramref name="afterId"/> of the integration's orders we hold open.</summary>
    public Task<IReadOnlyList<string>> OpenIdsAsync(string integrationId, string afterId, int limit, CancellationToken cancellationToken) =>
        IdsAsync("status = ANY(@statuses)", ("statuses", OpenStatuses), integrationId, afterId, limit, cancellationToken);

    /// <summary>
    /// The next <paramref name="limit"/> ids after <paramref name="afterId"/> of the integration's orders whose write-back
    /// FAILED and may be retried without asking anyone: not one whose failed attempt left a write into the ATS in doubt
    /// (sent, no answer recorded), which only an operator who checked the application retries.
    /// </summary>
    public Task<IReadOnlyList<string>> FailedWriteBacksAsync(string integrationId, string afterId, int limit, CancellationToken cancellationToken) =>
        IdsAsync("""
            write_back_status = @write_back_status
            AND NOT EXISTS (SELECT 1 FROM ats_write_attempts w
                             WHERE w.order_id = orders.id AND w.state = 'ATTEMPTED' AND w.revision = (orders.doc->>'result_revision')::int)
            """, ("write_back_status", KomboJson.Name(WriteStatus.Failed)), integrationId, afterId, limit, cancellationToken);

    /// <summary>Up to 1,000 open, unflagged orders started by trigger rules for applications of the job (the rest when it is seen again).</summary>
    public async Task<IReadOnlyList<string>> OpenTriggeredForJobAsync(string integrationId, string jobId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT o.id
              FROM trigger_orders t
              JOIN orders o ON o.id = t.order_id
              JOIN ats_applications a ON a.integration_id = t.integration_id AND a.id = t.application_id
             WHERE t.integration_id = @integration_id AND a.record->>'job_id' = @job_id AND o.status = ANY(@statuses) AND NOT o.flagged
             LIMIT 1000
            """);
        command.Parameters.AddWithValue("integration_id", integrationId);
        command.Parameters.AddWithValue("job_id", jobId);
        command.Parameters.AddWithValue("statuses", OpenStatuses);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    /// <summary>The statuses of the orders we hold open: accepted and not closed yet.</summary>
    private static readonly string[] OpenStatuses = [KomboJson.Name(OrderStatus.Received), KomboJson.Name(OrderStatus.Invited)];

    /// <param name="condition">SQL over the row; its one parameter is <paramref name="parameter"/>.</param>
    private async Task<IReadOnlyList<string>> IdsAsync(string condition, (string Name, object Value) parameter, string integrationId,
        string afterId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT id FROM orders WHERE integration_id = @integration_id AND {condition} AND id > @after ORDER BY id LIMIT @limit");
        command.Parameters.AddWithValue(parameter.Name, parameter.Value);
        command.Parameters.AddWithValue("integration_id", integrationId);
        command.Parameters.AddWithValue("after", afterId);
        command.Parameters.AddWithValue("limit", limit);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> of the integration's results still to be written back, for its assessment grain to
    /// resume; the oldest orders first, the rest on a later call.
    /// </summary>
    /// <remarks>The status is a parameter, yet the partial index on PENDING serves it: an unprepared statement is planned with its values.</remarks>
    public async Task<IReadOnlyList<WriteBackRequest>> PendingWriteBacksAsync(string integrationId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT doc FROM orders WHERE integration_id = @integration_id AND write_back_status = @pending ORDER BY received_at LIMIT @limit");
        command.Parameters.AddWithValue("integration_id", integrationId);
        command.Parameters.AddWithValue("pending", KomboJson.Name(WriteStatus.Pending));
        command.Parameters.AddWithValue("limit", limit);
        var pending = new List<WriteBackRequest>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var state = JsonSerializer.Deserialize<OrderState>(reader.GetString(0), KomboJson.Options)!;
            if (state.Details.Result is { } result)
            {
                // A triggered order writes into its application, not to an assessment order Kombo does not hold.
                pending.Add(new WriteBackRequest(state.Details.Id, state.ResultRevision, result, OrderTransitions.WritesInto(state.Details)));
            }
        }
        return pending;
    }
}
