using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansKombo.Orders;

namespace OrleansKombo.Grains.Invitations;

/// <summary>
/// The invitation outbox in PostgreSQL (see 0300_orders.sql for the states). Every update after a claim names the
/// claim's attempt id, so a sender whose lease was taken over can no longer move the row. Statuses are
/// <see cref="InvitationStatus"/>'s, passed as parameters.
/// </summary>
/// <remarks>Rows belong to this Orleans service: another deployment sharing the database never sends them.</remarks>
public sealed class InvitationOutbox(NpgsqlDataSource dataSource, IOptions<ClusterOptions> cluster, InvitationOptions options)
{
    private readonly string _serviceId = cluster.Value.ServiceId;

    /// <summary>Adds the row for an accepted order inside the order's own transaction; a second add is a no-op.</summary>
    public async Task AddAsync(NpgsqlConnection connection, InvitationChannel channel, InvitationMessage message)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO invitation_outbox (order_id, integration_id, channel, message, service_id)
            VALUES (@order_id, @integration_id, @channel, @message, @service_id)
            ON CONFLICT (order_id) DO NOTHING
            """, connection);
        command.Parameters.AddWithValue("service_id", _serviceId);
        command.Parameters.AddWithValue("order_id", message.OrderId);
        command.Parameters.AddWithValue("integration_id", message.IntegrationId);
        command.Parameters.AddWithValue("channel", Name(channel));
        command.Parameters.AddWithValue("message", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(message, KomboJson.Options));
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Drops an invitation that has not started to leave (the order was cancelled), inside the order's transaction:
    /// also one a sender has claimed, whose <see cref="MarkStartedAsync"/> then fails, so it is not sent, and a FAILED
    /// one, which can then no longer be resent.
    /// </summary>
    public static async Task CancelAsync(NpgsqlConnection connection, string orderId)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE invitation_outbox SET status = @cancelled, next_attempt_at = now(), lease_until = NULL
             WHERE order_id = @order_id AND (status IN (@pending, @failed) OR status = @sending AND send_started_at IS NULL)
            """, connection);
        command.Parameters.AddWithValue("order_id", orderId);
        Statuses(command);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Claims up to <paramref name="limit"/> due rows, oldest first, for <paramref name="lease"/>.</summary>
    public async Task<IReadOnlyList<ClaimedInvitation>> ClaimAsync(int limit, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE invitation_outbox
               SET status = @sending, attempt_id = gen_random_uuid(), lease_until = now() + @lease, attempts = attempts + 1,
                   send_started_at = NULL, first_attempt_at = coalesce(first_attempt_at, now())
             WHERE order_id IN (SELECT order_id FROM invitation_outbox
                                 WHERE service_id = @service_id AND status = @pending AND next_attempt_at <= now()
                                 ORDER BY next_attempt_at
                                 LIMIT @limit
                                 FOR UPDATE SKIP LOCKED)
            RETURNING order_id, attempt_id, channel, message, attempts, now() - first_attempt_at
            """);
        command.Parameters.AddWithValue("lease", lease);
        command.Parameters.AddWithValue("limit", limit);
        command.Parameters.AddWithValue("service_id", _serviceId);
        Statuses(command);
        var claimed = new List<ClaimedInvitation>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new ClaimedInvitation(
                reader.GetString(0),
                reader.GetGuid(1),
                Enum.Parse<InvitationChannel>(reader.GetString(2), ignoreCase: true),
                JsonSerializer.Deserialize<InvitationMessage>(reader.GetString(3), KomboJson.Options)!,
                reader.GetInt32(4),
                reader.GetFieldValue<TimeSpan>(5)));
        }
        return claimed;
    }

    /// <summary>
    /// Commits that this attempt is about to hand the message over. False when the claim was lost (the lease ran
    /// out and recovery took the row back, or the order was cancelled): then the message must not be sent.
    /// </summary>
    /// <remarks>
    /// Renews the lease for this one send: a claim's lease is taken for a whole batch sent one after another, and
    /// must not run out under the batch's last send.
    /// </remarks>
    public Task<bool> MarkStartedAsync(ClaimedInvitation claim, TimeSpan lease, CancellationToken cancellationToken) => UpdateAsync(claim,
        "send_started_at = now(), lease_until = now() + @lease", "AND status = @sending AND lease_until > now()",
        command => command.Parameters.AddWithValue("lease", lease), cancellationToken);

    /// <summary>Delivered: also after recovery called it in doubt, because now we know.</summary>
    public Task<bool> MarkSentAsync(ClaimedInvitation claim, CancellationToken cancellationToken) => UpdateAsync(claim,
        "status = @sent, sent_at = now(), lease_until = NULL, last_error = NULL", "AND status IN (@sending, @in_doubt)", null, cancellationToken);

    /// <summary>
    /// Records a failed attempt's verdict (<see cref="InvitationRetryRule"/>). A retry or FAILED also moves a row recovery
    /// left IN_DOUBT meanwhile: this attempt knows nothing was delivered.
    /// </summary>
    public Task<bool> RecordFailureAsync(ClaimedInvitation claim, InvitationVerdict verdict, CancellationToken cancellationToken) => verdict.Status switch
    {
        InvitationStatus.Pending => UpdateAsync(claim,
            "status = @pending, next_attempt_at = now() + @wait, lease_until = NULL, send_started_at = NULL, last_error = @error",
            "AND status IN (@sending, @in_doubt)", command =>
            {
                command.Parameters.AddWithValue("wait", verdict.Wait);
                command.Parameters.AddWithValue("error", verdict.Reason);
            }, cancellationToken),
        InvitationStatus.Failed => UpdateAsync(claim,
            "status = @failed, lease_until = NULL, last_error = @error", "AND status IN (@sending, @in_doubt)",
            command => command.Parameters.AddWithValue("error", verdict.Reason), cancellationToken),
        InvitationStatus.InDoubt => UpdateAsync(claim,
            "status = @in_doubt, lease_until = NULL, last_error = @error", "AND status = @sending",
            command => command.Parameters.AddWithValue("error", verdict.Reason), cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict.Status, "A failed attempt is retried, FAILED or IN_DOUBT."),
    };

    public async Task MarkNotifiedAsync(string orderId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE invitation_outbox SET order_notified_at = now() WHERE order_id = @order_id");
        command.Parameters.AddWithValue("order_id", orderId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// An operator's verdict on an IN_DOUBT email, from the mail log: delivered makes it SENT (its order grain is told
    /// by the caller); not delivered puts it back to be sent again.
    /// </summary>
    /// <returns>
    /// Resolved; or not, with the row's status, which is not IN_DOUBT (null: the order has no outbox row).
    /// </returns>
    public Task<(bool Resolved, string? Status)> ResolveInDoubtAsync(string orderId, bool delivered, CancellationToken cancellationToken) =>
        ChangeIfAsync(orderId, "in_doubt", delivered
            ? "status = @sent, sent_at = now(), order_notified_at = NULL, last_error = 'an operator confirmed it was delivered'"
            : "status = @pending, next_attempt_at = now(), send_started_at = NULL, attempts = 0, first_attempt_at = NULL, "
              + "last_error = 'an operator found it undelivered; sending it again'", cancellationToken);

    /// <summary>
    /// An operator's resend of a FAILED invitation (after fixing what refused it): PENDING again, a new round of attempts.
    /// </summary>
    /// <returns>Resent; or not, with the row's status, which is not FAILED (null: the order has no outbox row).</returns>
    public Task<(bool Resent, string? Status)> ResendFailedAsync(string orderId, CancellationToken cancellationToken) =>
        ChangeIfAsync(orderId, "failed", "status = @pending, next_attempt_at = now(), send_started_at = NULL, lease_until = NULL, attempts = 0, "
            + "first_attempt_at = NULL, last_error = 'an operator asked to send it again; before: ' || coalesce(last_error, 'no error recorded')",
            cancellationToken);

    /// <summary>
    /// An operator's change of one order's row: <paramref name="set"/> (SQL, with the status parameters) applies only while
    /// the row's status is the one named by the parameter <paramref name="from"/>.
    /// </summary>
    /// <returns>Changed; or not, with the row's status (null: the order has no outbox row).</returns>
    private async Task<(bool Changed, string? Status)> ChangeIfAsync(string orderId, string from, string set, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            WITH changed AS (
                UPDATE invitation_outbox
                   SET {set}
                 WHERE order_id = @order_id AND status = @{from}
                RETURNING 1)
            SELECT EXISTS (SELECT 1 FROM changed), (SELECT status FROM invitation_outbox WHERE order_id = @order_id)
            """);
        command.Parameters.AddWithValue("order_id", orderId);
        Statuses(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetBoolean(0) ? (true, null) : (false, reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    /// <summary>
    /// Takes back rows whose sender's lease ran out (it died or hung). An email that had started may have been delivered,
    /// so it is left IN_DOUBT rather than risk a second. One that had not started (and any callback: the platform drops
    /// repeats by the idempotency key) is retried, within the bounds of <see cref="InvitationRetryRule"/>: a row whose
    /// sender keeps dying on it ends FAILED like any other that keeps failing. A sender that is alive after all and
    /// knows its email was delivered still records SENT over IN_DOUBT (its attempt id is unchanged).
    /// </summary>
    public async Task<int> RecoverExpiredAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE invitation_outbox
               SET status = CASE WHEN channel = @smtp AND send_started_at IS NOT NULL THEN @in_doubt
                                 WHEN attempts >= @max_attempts OR first_attempt_at <= now() - @give_up_after THEN @failed
                                 ELSE @pending END,
                   last_error = CASE WHEN channel = @smtp AND send_started_at IS NOT NULL
                                     THEN 'the sender stopped while handing the email over; it may or may not have been delivered'
                                     WHEN attempts >= @max_attempts OR first_attempt_at <= now() - @give_up_after
                                     THEN 'gave up after ' || attempts || ' attempts; the last one: the sender stopped before sending'
                                     ELSE 'the sender stopped before sending' END,
                   next_attempt_at = now(), lease_until = NULL
             WHERE service_id = @service_id AND status = @sending AND lease_until < now()
            """);
        command.Parameters.AddWithValue("service_id", _serviceId);
        command.Parameters.AddWithValue("smtp", Name(InvitationChannel.Smtp));
        command.Parameters.AddWithValue("max_attempts", options.MaxAttempts);
        command.Parameters.AddWithValue("give_up_after", options.GiveUpAfter);
        Statuses(command);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Sent invitations whose order grain has not heard of it yet (the sender stopped in between).</summary>
    public async Task<IReadOnlyList<(string OrderId, DateTimeOffset SentAt)>> UnnotifiedAsync(TimeSpan olderThan, int limit,
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT order_id, sent_at FROM invitation_outbox
             WHERE service_id = @service_id AND status = @sent AND order_notified_at IS NULL AND sent_at < now() - @older_than
             ORDER BY sent_at LIMIT @limit
            """);
        Statuses(command);
        command.Parameters.AddWithValue("older_than", olderThan);
        command.Parameters.AddWithValue("service_id", _serviceId);
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<(string, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }
        return rows;
    }

    private async Task<bool> UpdateAsync(ClaimedInvitation claim, string set, string condition, Action<NpgsqlCommand>? parameters,
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"UPDATE invitation_outbox SET {set} WHERE order_id = @order_id AND attempt_id = @attempt_id {condition}");
        command.Parameters.AddWithValue("order_id", claim.OrderId);
        command.Parameters.AddWithValue("attempt_id", claim.AttemptId);
        Statuses(command);
        parameters?.Invoke(command);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public static string Name(InvitationChannel channel) => KomboJson.Name(channel);

    /// <summary>
    /// The statuses as the parameters the statements name (<c>@pending</c>, <c>@sending</c>, …); Npgsql binds only those a
    /// statement uses. Unprepared statements are planned with the values bound, so the partial indexes on <c>status</c>
    /// still apply.
    /// </summary>
    private static void Statuses(NpgsqlCommand command)
    {
        foreach (var (name, value) in StatusParameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
    }

    private static readonly (string Name, string Value)[] StatusParameters =
    [
        ("pending", InvitationStatus.Pending),
        ("sending", InvitationStatus.Sending),
        ("sent", InvitationStatus.Sent),
        ("in_doubt", InvitationStatus.InDoubt),
        ("cancelled", InvitationStatus.Cancelled),
        ("failed", InvitationStatus.Failed),
    ];
}
