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
/// <remarks>
/// Rows answered on receipt (<see cref="WebhookRoutes.IsAnsweredOnReceipt"/>: <c>deferred</c>, with their 200 stored from
/// the start) are processed in order per integration, by one rule that holds across every gateway sharing the database:
/// only the <em>head</em> of an integration's queue, its oldest unfinished deferred row (by <c>seq</c>, the order rows were
/// recorded in), may be claimed (<see cref="ClaimHeadsAsync"/>). A head being processed is leased, a failed one waits for
/// its retry, and either way the rows behind it wait too, until it is PROCESSED, or DEAD after <see cref="MaxAttempts"/>.
/// So an integration never has two events in flight, and its events reach its grain in the order they were recorded.
/// Events recorded by transactions that overlapped (sent by Kombo at the same time) have no order between them; the
/// commit of either may come first.
/// </remarks>
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

    /// <summary>With <see cref="MaxAttempts"/>, the waits add up to about a day (1 s doubling to 4 h: 24.5 h, ±20 % jitter).</summary>
    private static readonly TimeSpan RetryCap = TimeSpan.FromHours(4);

    /// <summary>
    /// Attempts (the first delivery, Kombo's repeats, the sweeper's retries) after which a row that no grain took becomes
    /// DEAD with its last error: every retry loop ends. An operator's replay revives it with a fresh count.
    /// </summary>
    public const int MaxAttempts = 20;

    /// <summary>What Kombo's later deliveries of a dead-lettered event get.</summary>
    public static readonly WebhookAnswer DeadAnswer = WebhookAnswer.Error(StatusCodes.Status503ServiceUnavailable,
        $"The event is recorded, but it could not be processed in {MaxAttempts} attempts; it waits for an operator.");

    private const string Columns = """
        id, type, integration_id, received_at, status, attempts, answer_status, answer_body, last_error,
        next_attempt_at, processed_at, body, body_sha256, body_bytes, body_purged_at
        """;

    /// <summary>
    /// Records an event. A RECEIVED row is leased to the caller (attempt 1); any other status is final and
    /// carries its answer. Returns null when recorded, or the row already recorded under the same id.
    /// </summary>
    /// <param name="deferred">
    /// A RECEIVED row answered on receipt: it carries <paramref name="answer"/> (200) from the start and is not leased; the
    /// head rule (<see cref="ClaimHeadsAsync"/>) decides when it is handed to its grain.
    /// </param>
    public async Task<InboxEntry?> TryInsertAsync(KomboEvent e, StoredBody body, string status, WebhookAnswer? answer,
        CancellationToken cancellationToken, bool deferred = false)
    {
        if (await _inserts.EnqueueAsync(new NewRow(e, body, status, answer, deferred)))
        {
            return null;
        }
        return await GetAsync(e.Id, cancellationToken)
            ?? throw new InvalidOperationException($"Inbox row {e.Id} conflicted but cannot be read.");
    }

    private sealed record NewRow(KomboEvent Event, StoredBody Body, string Status, WebhookAnswer? Answer, bool Deferred);

    private sealed record Completion(string Id, string Status, WebhookAnswer Answer);

    /// <summary>One multi-row insert for every event that arrived meanwhile; true for each row this call inserted.</summary>
    private async Task<IReadOnlyList<bool>> InsertBatchAsync(IReadOnlyList<NewRow> rows, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO webhook_inbox (id, type, integration_id, body, body_sha256, body_bytes, status, answer_status, answer_body,
                                       attempts, lease_until, processed_at, service_id, deferred)
            SELECT r.id, r.type, r.integration_id, r.body, r.body_sha256, r.body_bytes, r.status, r.answer_status, r.answer_body,
                   CASE WHEN r.status = @received AND NOT r.deferred THEN 1 ELSE 0 END,
                   CASE WHEN r.status = @received AND NOT r.deferred THEN now() + @lease END,
                   CASE WHEN r.status = @received THEN NULL ELSE now() END,
                   @service_id, r.deferred
              FROM unnest(@ids, @types, @integration_ids, @bodies, @body_sha256s, @body_bytes, @statuses, @answer_statuses, @answer_bodies,
                          @deferreds) WITH ORDINALITY
                   AS r(id, type, integration_id, body, body_sha256, body_bytes, status, answer_status, answer_body, deferred, n)
             ORDER BY r.n -- seq follows the batch's order, which is the order the events arrived in
            ON CONFLICT (id) DO NOTHING
            RETURNING id
            """);
        command.Parameters.AddWithValue("lease", Lease);
        command.Parameters.AddWithValue("received", InboxStatus.Received);
        command.Parameters.AddWithValue("service_id", _serviceId);
        command.Parameters.AddWithValue("ids", rows.Select(r => r.Event.Id).ToArray());
        command.Parameters.AddWithValue("types", rows.Select(r => r.Event.Type).ToArray());
        command.Parameters.AddWithValue("integration_ids", rows.Select(r => r.Event.IntegrationId).ToArray());
        command.Parameters.AddWithValue("bodies", NpgsqlDbType.Array | NpgsqlDbType.Text, rows.Select(r => r.Body.Json).ToArray());
        command.Parameters.AddWithValue("body_sha256s", rows.Select(r => r.Body.Sha256).ToArray());
        command.Parameters.AddWithValue("body_bytes", rows.Select(r => r.Body.Bytes).ToArray());
        command.Parameters.AddWithValue("statuses", rows.Select(r => r.Status).ToArray());
        command.Parameters.AddWithValue("answer_statuses", rows.Select(r => r.Answer?.Status).ToArray());
        command.Parameters.AddWithValue("answer_bodies", rows.Select(r => r.Answer?.Body).ToArray());
        command.Parameters.AddWithValue("deferreds", rows.Select(r => r.Deferred).ToArray());

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
             WHERE id = @id AND answer_status IS NULL AND status = ANY(@unfinished) AND attempts < @max_attempts
               AND (lease_until IS NULL OR lease_until < now())
            RETURNING 1
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("lease", Lease);
        command.Parameters.AddWithValue("unfinished", InboxStatus.Unfinished);
        command.Parameters.AddWithValue("max_attempts", MaxAttempts);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>
    /// An operator's replay: takes the row whatever its status, unless someone holds it right now. A DEAD row is revived:
    /// FAILED with a fresh count of attempts and no answer (a deferred row keeps the 200 Kombo already has), so should this
    /// attempt fail the sweeper retries it again.
    /// </summary>
    public async Task<bool> TryClaimForReplayAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            UPDATE webhook_inbox
               SET lease_until = now() + @lease,
                   attempts = CASE WHEN status = @dead THEN 1 ELSE attempts + 1 END,
                   answer_status = CASE WHEN status = @dead AND NOT deferred THEN NULL ELSE answer_status END,
                   answer_body = CASE WHEN status = @dead AND NOT deferred THEN NULL ELSE answer_body END,
                   status = CASE WHEN status = @dead THEN @failed ELSE status END
             WHERE id = @id AND (lease_until IS NULL OR lease_until < now())
            RETURNING 1
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("lease", Lease);
        command.Parameters.AddWithValue("dead", InboxStatus.Dead);
        command.Parameters.AddWithValue("failed", InboxStatus.Failed);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>Claims up to <paramref name="limit"/> unfinished rows that are due, oldest first; deferred rows are claimed only as heads (<see cref="ClaimHeadsAsync"/>).</summary>
    public async Task<IReadOnlyList<InboxEntry>> ClaimDueAsync(int limit, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"""
            UPDATE webhook_inbox SET lease_until = now() + @lease, attempts = attempts + 1
             WHERE id IN (
                   SELECT id FROM webhook_inbox
                    WHERE service_id = @service_id AND status = ANY(@unfinished) AND attempts < @max_attempts AND NOT deferred
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
        command.Parameters.AddWithValue("max_attempts", MaxAttempts);
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>
    /// Claims the head of each of these integrations' queues (see the class's remarks) when it is free (not leased, due, with
    /// attempts left) and no other row of the integration is in flight; an integration whose head is taken, waiting for
    /// its retry, or missing gives nothing.
    /// </summary>
    /// <remarks>
    /// Only a head is ever claimed, and a row stays the head until it is finished, so two claims for one integration (on two
    /// gateways) both name the same row: SKIP LOCKED and the lease's re-check on the locked row let one of them have it. A
    /// head that another statement finished after this one's snapshot fails that re-check too (its status), so it is never
    /// taken twice; the row behind it is claimed by whoever finished the head (InboxDispatcher looks again after each one).
    /// </remarks>
    public async Task<IReadOnlyList<InboxEntry>> ClaimHeadsAsync(IReadOnlyCollection<string> integrationIds, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"""
            UPDATE webhook_inbox SET lease_until = now() + @lease, attempts = attempts + 1
             WHERE id IN (
                   SELECT w.id FROM webhook_inbox w
                    WHERE w.id IN (SELECT head.id
                                     FROM unnest(@integration_ids) AS i(id)
                                     CROSS JOIN LATERAL (
                                          SELECT x.id FROM webhook_inbox x
                                           WHERE x.service_id = @service_id AND x.integration_id = i.id AND x.deferred
                                             AND x.status = ANY(@unfinished)
                                           ORDER BY x.seq
                                           LIMIT 1) head
                                    -- A row whose commit came after a younger one was claimed is the head then, yet
                                    -- the younger one is in flight: it waits until nothing of its integration is.
                                    WHERE NOT EXISTS (SELECT 1 FROM webhook_inbox y
                                                       WHERE y.service_id = @service_id AND y.integration_id = i.id AND y.deferred
                                                         AND y.status = ANY(@unfinished) AND y.lease_until >= now()))
                      AND w.status = ANY(@unfinished) AND w.attempts < @max_attempts
                      AND (w.lease_until IS NULL OR w.lease_until < now())
                      AND (w.next_attempt_at IS NULL OR w.next_attempt_at <= now())
                    FOR UPDATE SKIP LOCKED)
            RETURNING {Columns}
            """);
        command.Parameters.AddWithValue("lease", Lease);
        command.Parameters.AddWithValue("integration_ids", integrationIds.ToArray());
        command.Parameters.AddWithValue("service_id", _serviceId);
        command.Parameters.AddWithValue("unfinished", InboxStatus.Unfinished);
        command.Parameters.AddWithValue("max_attempts", MaxAttempts);
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>
    /// Up to <paramref name="limit"/> integrations whose head is free to claim, oldest head first: rows whose gateway died
    /// before or while it held them, failed rows whose retry is due, rows recorded by a gateway that has since gone.
    /// </summary>
    public async Task<IReadOnlyList<string>> FindWaitingIntegrationsAsync(int limit, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT head.integration_id
              FROM (SELECT DISTINCT ON (integration_id) integration_id, seq, attempts, lease_until, next_attempt_at
                      FROM webhook_inbox
                     WHERE service_id = @service_id AND deferred AND status = ANY(@unfinished)
                     ORDER BY integration_id, seq) head
             WHERE head.attempts < @max_attempts
               AND (head.lease_until IS NULL OR head.lease_until < now())
               AND (head.next_attempt_at IS NULL OR head.next_attempt_at <= now())
             ORDER BY head.seq
             LIMIT @limit
            """);
        command.Parameters.AddWithValue("service_id", _serviceId);
        command.Parameters.AddWithValue("unfinished", InboxStatus.Unfinished);
        command.Parameters.AddWithValue("max_attempts", MaxAttempts);
        command.Parameters.AddWithValue("limit", limit);
        var integrations = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            integrations.Add(reader.GetString(0));
        }
        return integrations;
    }

    /// <summary>
    /// Unfinished rows that used up their attempts without their last one ending (its gateway stopped or crashed while
    /// it held the lease, so <see cref="FailAsync"/> never ran): DEAD, like rows whose last attempt failed. A row answered on
    /// receipt keeps its 200: that is the answer Kombo has.
    /// </summary>
    /// <returns>How many rows became DEAD.</returns>
    public async Task<int> BuryAbandonedAsync(int limit, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            UPDATE webhook_inbox
               SET status = @dead, answer_status = coalesce(answer_status, @answer_status),
                   answer_body = CASE WHEN answer_status IS NULL THEN @answer_body ELSE answer_body END, lease_until = NULL,
                   next_attempt_at = NULL, last_error = coalesce(last_error || '; then ', '') || @abandoned
             WHERE id IN (
                   SELECT id FROM webhook_inbox
                    WHERE service_id = @service_id AND status = ANY(@unfinished) AND attempts >= @max_attempts
                      AND (lease_until IS NULL OR lease_until < now())
                    LIMIT @limit
                    FOR UPDATE SKIP LOCKED)
            """);
        command.Parameters.AddWithValue("dead", InboxStatus.Dead);
        command.Parameters.AddWithValue("answer_status", DeadAnswer.Status);
        command.Parameters.AddWithValue("answer_body", DeadAnswer.Body!);
        command.Parameters.AddWithValue("abandoned", $"attempt {MaxAttempts} never finished (its gateway stopped while it held the row)");
        command.Parameters.AddWithValue("service_id", _serviceId);
        command.Parameters.AddWithValue("unfinished", InboxStatus.Unfinished);
        command.Parameters.AddWithValue("max_attempts", MaxAttempts);
        command.Parameters.AddWithValue("limit", limit);
        return await command.ExecuteNonQueryAsync(cancellationToken);
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
    /// Schedules the next attempt with <see cref="Backoff"/> (1 s doubling, capped at 4 h, jittered) by the row's own
    /// attempt count; after <see cref="MaxAttempts"/> the row is DEAD instead, with this error and <see cref="DeadAnswer"/>
    /// (a row answered on receipt keeps its 200, the answer Kombo has). A finished row (a failed replay) keeps its status,
    /// answer and all that goes with it; it only gives up the lease.
    /// </summary>
    /// <returns>Whether the row is now DEAD.</returns>
    public async Task<bool> FailAsync(string id, string error, CancellationToken cancellationToken)
    {
        // The row counts its attempts, so the statement picks its wait from Backoff's schedule: one statement, one schedule.
        // Every SET reads the row as it was, so "finished" and "spent" hold for all of them.
        await using var command = _dataSource.CreateCommand("""
            UPDATE webhook_inbox
               SET lease_until = NULL,
                   status = CASE WHEN status <> ALL(@unfinished) THEN status WHEN attempts >= @max_attempts THEN @dead ELSE @failed END,
                   last_error = CASE WHEN status = ANY(@unfinished) THEN @error ELSE last_error END,
                   next_attempt_at = CASE
                       WHEN status <> ALL(@unfinished) THEN next_attempt_at
                       WHEN attempts >= @max_attempts THEN NULL
                       ELSE now() + (@waits::interval[])[least(greatest(attempts, 1), cardinality(@waits::interval[]))] END,
                   answer_body = CASE WHEN status = ANY(@unfinished) AND answer_status IS NULL AND attempts >= @max_attempts
                                      THEN @dead_body ELSE answer_body END,
                   answer_status = CASE WHEN status = ANY(@unfinished) AND answer_status IS NULL AND attempts >= @max_attempts
                                        THEN @dead_status ELSE answer_status END
             WHERE id = @id
            RETURNING status = @dead
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("error", error);
        command.Parameters.AddWithValue("failed", InboxStatus.Failed);
        command.Parameters.AddWithValue("dead", InboxStatus.Dead);
        command.Parameters.AddWithValue("dead_status", DeadAnswer.Status);
        command.Parameters.AddWithValue("dead_body", DeadAnswer.Body!);
        command.Parameters.AddWithValue("max_attempts", MaxAttempts);
        command.Parameters.AddWithValue("unfinished", InboxStatus.Unfinished);
        command.Parameters.AddWithValue("waits", Backoff.JitteredSchedule(RetryFirst, RetryCap));
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>
    /// Drops the bodies of up to <paramref name="limit"/> finished rows received more than <paramref name="olderThan"/> ago
    /// (by the database's clock), oldest first; the row (id, type, status, answer, hash and size) stays. Unfinished rows
    /// keep theirs: their grain needs it.
    /// </summary>
    public async Task<int> PurgeBodiesAsync(TimeSpan olderThan, int limit, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            UPDATE webhook_inbox SET body = NULL, body_purged_at = now()
             WHERE id IN (
                   SELECT id FROM webhook_inbox
                    WHERE service_id = @service_id AND body IS NOT NULL AND received_at < now() - @older_than
                      AND status <> ALL(@unfinished)
                    ORDER BY received_at
                    LIMIT @limit
                    FOR UPDATE SKIP LOCKED)
            """);
        return await PurgeAsync(command, olderThan, limit, cancellationToken);
    }

    /// <summary>Deletes up to <paramref name="limit"/> finished rows received more than <paramref name="olderThan"/> ago, oldest first.</summary>
    public async Task<int> PurgeRowsAsync(TimeSpan olderThan, int limit, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            DELETE FROM webhook_inbox
             WHERE id IN (
                   SELECT id FROM webhook_inbox
                    WHERE received_at < now() - @older_than AND service_id = @service_id AND status <> ALL(@unfinished)
                    ORDER BY received_at
                    LIMIT @limit
                    FOR UPDATE SKIP LOCKED)
            """);
        return await PurgeAsync(command, olderThan, limit, cancellationToken);
    }

    private async Task<int> PurgeAsync(NpgsqlCommand command, TimeSpan olderThan, int limit, CancellationToken cancellationToken)
    {
        command.Parameters.AddWithValue("service_id", _serviceId);
        command.Parameters.AddWithValue("older_than", olderThan);
        command.Parameters.AddWithValue("unfinished", InboxStatus.Unfinished);
        command.Parameters.AddWithValue("limit", limit);
        return await command.ExecuteNonQueryAsync(cancellationToken);
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
                Body: reader.IsDBNull(11) ? null : reader.GetString(11),
                BodySha256: reader.IsDBNull(12) ? null : reader.GetFieldValue<byte[]>(12),
                BodyBytes: reader.IsDBNull(13) ? null : reader.GetInt32(13),
                BodyPurgedAt: reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14)));
        }
        return entries;
    }
}
