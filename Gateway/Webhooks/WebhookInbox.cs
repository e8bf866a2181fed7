using Npgsql;
using NpgsqlTypes;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansKombo.Gateway.Api;
using OrleansKombo.Gateway.Hosting;

namespace OrleansKombo.Gateway.Webhooks;

/// <summary>
/// The webhook inbox in PostgreSQL. Leases use the database clock, so several gateways agree on who processes
/// a row; whoever holds the lease is the only one that hands the event to its grain.
/// </summary>
public sealed class WebhookInbox
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly WriteBatcher<NewRow, bool> _inserts;
    private readonly WriteBatcher<Completion, bool> _completions;

    /// <summary>Rows belong to this Orleans service: another deployment sharing the database never sweeps them.</summary>
    private readonly string _serviceId;

    public WebhookInbox(NpgsqlDataSource dataSource, IOptions<ClusterOptions> cluster, GatewayLimits limits)
    {
        _dataSource = dataSource;
        _serviceId = cluster.Value.ServiceId;
        // Bounded: a full queue answers 503 (WebhookReceiver), which Kombo retries, rather than holding bodies in memory.
        _inserts = new(InsertBatchAsync, capacity: limits.WebhookQueueItems);
        _completions = new(CompleteBatchAsync);
    }

    /// <summary>
    /// Well over the longest we wait for a grain, so a live holder never loses its row to the sweeper and a slow
    /// cluster fails the attempt instead of doubling it.
    /// </summary>
    public static readonly TimeSpan Lease = ClusterCall.Timeout * 3;

    /// <summary>A failed row's first retry waits about this long; each further one twice as long, up to <see cref="RetryCap"/>.</summary>
    private static readonly TimeSpan RetryFirst = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan RetryCap = TimeSpan.FromMinutes(5);

    private const string Columns = """
        id, type, integration_id, received_at, status, attempts, answer_status, answer_body, last_error,
        next_attempt_at, processed_at, body
        """;

    /// <summary>
    /// Records an event. A RECEIVED row is leased to the caller (attempt 1); any other status is final and
    /// carries its answer. Returns null when recorded, or the row already recorded under the same id.
    /// </summary>
    public async Task<InboxEntry?> TryInsertAsync(KomboEvent e, string body, string status, WebhookAnswer? answer,
        CancellationToken cancellationToken)
    {
        if (await _inserts.EnqueueAsync(new NewRow(e, body, status, answer)))
        {
            return null;
        }
        return await GetAsync(e.Id, cancellationToken)
            ?? throw new InvalidOperationException($"Inbox row {e.Id} conflicted but cannot be read.");
    }

    private sealed record NewRow(KomboEvent Event, string Body, string Status, WebhookAnswer? Answer);

    private sealed record Completion(string Id, string Status, WebhookAnswer Answer);

    /// <summary>One multi-row insert for every event that arrived meanwhile; true for each row this call inserted.</summary>
    private async Task<IReadOnlyList<bool>> InsertBatchAsync(IReadOnlyList<NewRow> rows, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO webhook_inbox (id, type, integration_id, body, status, answer_status, answer_body, attempts,
                                       lease_until, processed_at, service_id)
            SELECT r.id, r.type, r.integration_id, r.body, r.status, r.answer_status, r.answer_body,
                   CASE WHEN r.status = @received THEN 1 ELSE 0 END,
                   CASE WHEN r.status = @received THEN now() + @lease END,
                   CASE WHEN r.status = @received THEN NULL ELSE now() END,
                   @service_id
              FROM unnest(@ids, @types, @integration_ids, @bodies, @statuses, @answer_statuses, @answer_bodies)
                   AS r(id, type, integration_id, body, status, answer_status, answer_body)
            ON CONFLICT (id) DO NOTHING
            RETURNING id
            """);
        command.Parameters.AddWithValue("lease", Lease);
        command.Parameters.AddWithValue("received", InboxStatus.Received);
        command.Parameters.AddWithValue("service_id", _serviceId);
        command.Parameters.AddWithValue("ids", rows.Select(r => r.Event.Id).ToArray());
        command.Parameters.AddWithValue("types", rows.Select(r => r.Event.Type).ToArray());
        command.Parameters.AddWithValue("integration_ids", rows.Select(r => r.Event.IntegrationId).ToArray());
        command.Parameters.AddWithValue("bodies", rows.Select(r => r.Body).ToArray());
        command.Parameters.AddWithValue("statuses", rows.Select(r => r.Status).ToArray());
        command.Parameters.AddWithValue("answer_statuses", rows.Select(r => r.Answer?.Status).ToArray());
        command.Parameters.AddWithValue("answer_bodies", rows.Select(r => r.Answer?.Body).ToArray());

        var inserted = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                inserted.Add(reader.GetString(0));
            }
        }
        // The same id twice in one batch: the first caller owns the row, the second is a repeat.
        return rows.Select(r => inserted.Remove(r.Event.Id)).ToList();
    }

    public async Task<InboxEntry?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM webhook_inbox WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>The row's answer, once it has one. Repeat deliveries poll this, so it leaves the body (up to 1 MB) unread.</summary>
    public async Task<WebhookAnswer?> GetAnswerAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT answer_status, answer_body FROM webhook_inbox WHERE id = @id AND answer_status IS NOT NULL");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new WebhookAnswer(reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1))
            : null;
    }

    /// <summary>Takes over an unanswered row whose lease has lapsed (its holder died or gave up).</summary>
    public async Task<bool> TryClaimAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            UPDATE webhook_inbox SET lease_until = now() + @lease, attempts = attempts + 1
             WHERE id = @id AND answer_status IS NULL AND status = ANY(@unfinished)
               AND (lease_until IS NULL OR lease_until < now())
            RETURNING 1
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("lease", Lease);
        command.Parameters.AddWithValue("unfinished", InboxStatus.Unfinished);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>An operator's replay: takes the row whatever its status, unless someone holds it right now.</summary>
    public async Task<bool> TryClaimForReplayAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            UPDATE webhook_inbox SET lease_until = now() + @lease, attempts = attempts + 1
             WHERE id = @id AND (lease_until IS NULL OR lease_until < now())
            RETURNING 1
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("lease", Lease);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>Claims up to <paramref name="limit"/> unfinished rows that are due, oldest first.</summary>
    public async Task<IReadOnlyList<InboxEntry>> ClaimDueAsync(int limit, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"""
            UPDATE webhook_inbox SET lease_until = now() + @lease, attempts = attempts + 1
             WHERE id IN (
                   SELECT id FROM webhook_inbox
                    WHERE service_id = @service_id AND status = ANY(@unfinished)
                      AND (lease_until IS NULL OR lease_until < now())
                      AND (next_attempt_at IS NULL OR next_attempt_at <= now())
                    ORDER BY next_attempt_at NULLS FIRST, received_at
                    LIMIT @limit
                    FOR UPDATE SKIP LOCKED)
            RETURNING {Columns}
            """);
        command.Parameters.AddWithValue("lease", Lease);
        command.Parameters.AddWithValue("limit", limit);
        command.Parameters.AddWithValue("service_id", _serviceId);
        command.Parameters.AddWithValue("unfinished", InboxStatus.Unfinished);
        return await ReadAsync(command, cancellationToken);
    }

    public Task CompleteAsync(string id, string status, WebhookAnswer answer, CancellationToken cancellationToken) =>
        _completions.EnqueueAsync(new Completion(id, status, answer));

    private async Task<IReadOnlyList<bool>> CompleteBatchAsync(IReadOnlyList<Completion> rows, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            UPDATE webhook_inbox AS w
               SET status = c.status, answer_status = c.answer_status, answer_body = c.answer_body, processed_at = now(),
                   lease_until = NULL, next_attempt_at = NULL, last_error = NULL
              FROM unnest(@ids, @statuses, @answer_statuses, @answer_bodies) AS c(id, status, answer_status, answer_body)
             WHERE w.id = c.id
            """);
        command.Parameters.AddWithValue("ids", rows.Select(r => r.Id).ToArray());
        command.Parameters.AddWithValue("statuses", rows.Select(r => r.Status).ToArray());
        command.Parameters.AddWithValue("answer_statuses", rows.Select(r => r.Answer.Status).ToArray());
        command.Parameters.AddWithValue("answer_bodies", rows.Select(r => r.Answer.Body).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
        return rows.Select(_ => true).ToList();
    }

    /// <summary>
    /// Schedules the next attempt with <see cref="Backoff"/> (1 s doubling, capped at 5 min, jittered) by the row's own
    /// attempt count. A row that already has its answer (a failed replay) keeps it and all that goes with it; it only
    /// gives up the lease.
    /// </summary>
    public async Task FailAsync(string id, string error, CancellationToken cancellationToken)
    {
        // The row counts its attempts, so the statement picks its wait from Backoff's schedule: one statement, one schedule.
        await using var command = _dataSource.CreateCommand("""
            UPDATE webhook_inbox
               SET lease_until = NULL,
                   status = CASE WHEN answer_status IS NULL THEN @failed ELSE status END,
                   last_error = CASE WHEN answer_status IS NULL THEN @error ELSE last_error END,
                   next_attempt_at = CASE WHEN answer_status IS NULL
                       THEN now() + (@waits::interval[])[least(greatest(attempts, 1), cardinality(@waits::interval[]))]
                       ELSE next_attempt_at END
             WHERE id = @id
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("error", error);
        command.Parameters.AddWithValue("failed", InboxStatus.Failed);
        command.Parameters.AddWithValue("waits", Backoff.JitteredSchedule(RetryFirst, RetryCap));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Newest first; <paramref name="after"/> is the (received_at, id) of the previous page's last row.</summary>
    public async Task<IReadOnlyList<InboxEntry>> ListAsync(string? integrationId, string? type, string? status,
        (DateTimeOffset ReceivedAt, string Id)? after, int limit, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"""
            SELECT {Columns} FROM webhook_inbox
             WHERE service_id = @service_id
               AND (@integration_id IS NULL OR integration_id = @integration_id)
               AND (@type IS NULL OR type = @type)
               AND (@status IS NULL OR status = @status)
               AND (@after_at IS NULL OR (received_at, id) < (@after_at, @after_id))
             ORDER BY received_at DESC, id DESC
             LIMIT @limit
            """);
        command.Parameters.AddWithValue("integration_id", NpgsqlDbType.Text, (object?)integrationId ?? DBNull.Value);
        command.Parameters.AddWithValue("type", NpgsqlDbType.Text, (object?)type ?? DBNull.Value);
        command.Parameters.AddWithValue("status", NpgsqlDbType.Text, (object?)status ?? DBNull.Value);
        command.Parameters.AddWithValue("after_at", NpgsqlDbType.TimestampTz, (object?)after?.ReceivedAt ?? DBNull.Value);
        command.Parameters.AddWithValue("after_id", NpgsqlDbType.Text, (object?)after?.Id ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        command.Parameters.AddWithValue("service_id", _serviceId);
        return await ReadAsync(command, cancellationToken);
    }

    private static async Task<IReadOnlyList<InboxEntry>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<InboxEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new InboxEntry(
                Id: reader.GetString(0),
                Type: reader.GetString(1),
                IntegrationId: reader.IsDBNull(2) ? null : reader.GetString(2),
                ReceivedAt: reader.GetFieldValue<DateTimeOffset>(3),
                Status: reader.GetString(4),
                Attempts: reader.GetInt32(5),
                Answer: reader.IsDBNull(6) ? null : new WebhookAnswer(reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetString(7)),
                LastError: reader.IsDBNull(8) ? null : reader.GetString(8),
                NextAttemptAt: reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
                ProcessedAt: reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
                Body: reader.GetString(11)));
        }
        return entries;
    }
}
