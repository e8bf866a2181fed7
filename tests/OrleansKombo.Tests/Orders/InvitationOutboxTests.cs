using Orleans.Configuration;
using OrleansKombo.Grains.Invitations;
using OrleansKombo.Orders;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Orders;

/// <summary>
/// The outbox's statements on their own (no cluster, no sender): what becomes of a row after a failed attempt, after its
/// sender vanished, and after an operator's resend. Each test has an outbox of its own service id, so no silo's sender
/// ever claims its rows.
/// </summary>
public sealed class InvitationOutboxTests : IAsyncLifetime
{
    private static readonly InvitationOptions Options = new() { MaxAttempts = 3, GiveUpAfter = TimeSpan.FromHours(1) };

    private readonly InvitationOutbox _outbox = new(TestDatabase.DataSource,
        Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ServiceId = $"outbox-{Guid.NewGuid():N}" }), Options);

    public Task InitializeAsync() => TestDatabase.EnsureMigratedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>An accepted order and its PENDING invitation, as the order grain writes them.</summary>
    private async Task<string> QueuedAsync(InvitationChannel channel = InvitationChannel.Smtp)
    {
        var orderId = $"outbox-order-{Guid.NewGuid():N}";
        await using var connection = await TestDatabase.DataSource.OpenConnectionAsync();
        await using (var command = new Npgsql.NpgsqlCommand("""
            INSERT INTO orders (id, integration_id, status, flagged, received_at, doc, body, version)
            VALUES (@id, 'outbox-tests', 'RECEIVED', false, now(), '{}', '{}', 1)
            """, connection))
        {
            command.Parameters.AddWithValue("id", orderId);
            await command.ExecuteNonQueryAsync();
        }
        var message = new InvitationMessage(orderId, "outbox-tests", "ada@example.com", "Ada", "Lovelace", "Engineer", "pkg-1", "Skills test",
            "https://assessments.example.com/take/x");
        await _outbox.AddAsync(connection, channel, message);
        // Not due until a test makes it due: each claim below takes exactly the row it names.
        await TestDatabase.ScalarAsync<int>("UPDATE invitation_outbox SET next_attempt_at = now() + interval '1 hour' WHERE order_id = @id", ("id", orderId));
        return orderId;
    }

    private async Task<ClaimedInvitation> ClaimAsync(string orderId)
    {
        await MakeDueAsync(orderId);
        var claimed = await _outbox.ClaimAsync(10, TimeSpan.FromMinutes(1), CancellationToken.None);
        return Assert.Single(claimed, c => c.OrderId == orderId);
    }

    private static Task MakeDueAsync(string orderId) =>
        TestDatabase.ScalarAsync<int>("UPDATE invitation_outbox SET next_attempt_at = now() WHERE order_id = @id", ("id", orderId));

    private static Task LapseAsync(string orderId) =>
        TestDatabase.ScalarAsync<int>("UPDATE invitation_outbox SET lease_until = now() - interval '1 second' WHERE order_id = @id", ("id", orderId));

    private static async Task<(string Status, int Attempts, string? LastError)> RowAsync(string orderId)
    {
        await using var command = TestDatabase.DataSource.CreateCommand("SELECT status, attempts, last_error FROM invitation_outbox WHERE order_id = @id");
        command.Parameters.AddWithValue("id", orderId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2));
    }

    [Fact]
    public async Task A_permanent_refusal_is_failed_with_its_reason_and_never_claimed_again()
    {
        var orderId = await QueuedAsync();
        var claim = await ClaimAsync(orderId);

        var verdict = InvitationRetryRule.After(new InvitationNotSent("SMTP server refused the message: 550 no such user", InvitationFailure.Permanent),
            claim.Channel, claim.Attempts, claim.RoundAge, Options);
        Assert.True(await _outbox.RecordFailureAsync(claim, verdict, CancellationToken.None));

        Assert.Equal((InvitationStatus.Failed, 1, "SMTP server refused the message: 550 no such user"), await RowAsync(orderId));
        await MakeDueAsync(orderId);
        Assert.DoesNotContain(await _outbox.ClaimAsync(10, TimeSpan.FromMinutes(1), CancellationToken.None), c => c.OrderId == orderId);
    }

    [Fact]
    public async Task Transient_failures_end_failed_after_the_attempts_of_a_round_and_a_resend_starts_a_new_round()
    {
        var orderId = await QueuedAsync();
        for (var attempt = 1; attempt <= Options.MaxAttempts; attempt++)
        {
            var claim = await ClaimAsync(orderId);
            Assert.Equal(attempt, claim.Attempts);
            var verdict = InvitationRetryRule.After(new InvitationNotSent("451 try later", InvitationFailure.Transient), claim.Channel, claim.Attempts,
                claim.RoundAge, Options);
            Assert.True(await _outbox.RecordFailureAsync(claim, verdict, CancellationToken.None));
        }
        var (status, attempts, error) = await RowAsync(orderId);
        Assert.Equal((InvitationStatus.Failed, 3), (status, attempts));
        Assert.Equal("gave up after 3 attempts; the last failure: 451 try later", error);

        Assert.Equal((true, (string?)null), await _outbox.ResendFailedAsync(orderId, CancellationToken.None));
        var again = await RowAsync(orderId);
        Assert.Equal((InvitationStatus.Pending, 0), (again.Status, again.Attempts));
        Assert.StartsWith("an operator asked to send it again; before: gave up after 3 attempts", again.LastError);
        Assert.Equal(1, (await ClaimAsync(orderId)).Attempts);
        Assert.Equal((false, InvitationStatus.Sending), await _outbox.ResendFailedAsync(orderId, CancellationToken.None));
        Assert.Equal((false, (string?)null), await _outbox.ResendFailedAsync("no-such-order", CancellationToken.None));
    }

    [Fact]
    public async Task Transient_failures_end_failed_once_the_round_is_older_than_the_limit()
    {
        var orderId = await QueuedAsync();
        await ClaimAsync(orderId);
        await TestDatabase.ScalarAsync<int>("UPDATE invitation_outbox SET status = 'PENDING', first_attempt_at = now() - interval '2 hours' WHERE order_id = @id",
            ("id", orderId));
        var claim = await ClaimAsync(orderId);
        Assert.True(claim.RoundAge >= TimeSpan.FromHours(2));

        var verdict = InvitationRetryRule.After(new InvitationNotSent("connection refused", InvitationFailure.Transient), claim.Channel, claim.Attempts,
            claim.RoundAge, Options);
        await _outbox.RecordFailureAsync(claim, verdict, CancellationToken.None);

        var (status, _, error) = await RowAsync(orderId);
        Assert.Equal(InvitationStatus.Failed, status);
        Assert.StartsWith("gave up after 2 attempts over 02:00:", error);
    }

    [Fact]
    public async Task A_lapsed_claim_is_retried_if_unstarted_in_doubt_if_started_and_failed_when_its_sender_keeps_dying()
    {
        var (unstarted, started, dying, callback) = (await QueuedAsync(), await QueuedAsync(), await QueuedAsync(), await QueuedAsync(InvitationChannel.Http));
        for (var attempt = 1; attempt <= Options.MaxAttempts; attempt++)
        {
            await ClaimAsync(dying);
            await LapseAsync(dying);
            if (attempt < Options.MaxAttempts)
            {
                await _outbox.RecoverExpiredAsync(CancellationToken.None);
            }
        }
        foreach (var orderId in new[] { unstarted, started, callback })
        {
            var claim = await ClaimAsync(orderId);
            if (orderId != unstarted)
            {
                Assert.True(await _outbox.MarkStartedAsync(claim, TimeSpan.FromMinutes(1), CancellationToken.None));
            }
            await LapseAsync(orderId);
        }

        await _outbox.RecoverExpiredAsync(CancellationToken.None);

        Assert.Equal((InvitationStatus.Pending, "the sender stopped before sending"), Short(await RowAsync(unstarted)));
        Assert.Equal(InvitationStatus.InDoubt, (await RowAsync(started)).Status);
        Assert.Equal(InvitationStatus.Pending, (await RowAsync(callback)).Status);
        Assert.Equal((InvitationStatus.Failed, "gave up after 3 attempts; the last one: the sender stopped before sending"), Short(await RowAsync(dying)));
    }

    private static (string, string?) Short((string Status, int Attempts, string? LastError) row) => (row.Status, row.LastError);

    [Fact]
    public async Task A_sender_that_knows_its_email_left_records_it_sent_over_in_doubt_and_one_that_knows_it_did_not_retries_it()
    {
        var (delivered, undelivered) = (await QueuedAsync(), await QueuedAsync());
        var claims = new List<ClaimedInvitation>();
        foreach (var orderId in new[] { delivered, undelivered })
        {
            var claim = await ClaimAsync(orderId);
            await _outbox.MarkStartedAsync(claim, TimeSpan.FromMinutes(1), CancellationToken.None);
            await LapseAsync(orderId);
            claims.Add(claim);
        }
        await _outbox.RecoverExpiredAsync(CancellationToken.None);
        Assert.Equal(InvitationStatus.InDoubt, (await RowAsync(delivered)).Status);

        Assert.True(await _outbox.MarkSentAsync(claims[0], CancellationToken.None));
        var verdict = InvitationRetryRule.After(new InvitationNotSent("451 later", InvitationFailure.Transient), InvitationChannel.Smtp, 1, TimeSpan.Zero, Options);
        Assert.True(await _outbox.RecordFailureAsync(claims[1], verdict, CancellationToken.None));

        Assert.Equal(InvitationStatus.Sent, (await RowAsync(delivered)).Status);
        Assert.Equal(InvitationStatus.Pending, (await RowAsync(undelivered)).Status);
    }

    [Fact]
    public async Task Cancelling_the_order_cancels_a_failed_invitation_which_is_then_not_resent()
    {
        var orderId = await QueuedAsync();
        var claim = await ClaimAsync(orderId);
        await _outbox.RecordFailureAsync(claim, new InvitationVerdict(InvitationStatus.Failed, TimeSpan.Zero, "550"), CancellationToken.None);

        await using (var connection = await TestDatabase.DataSource.OpenConnectionAsync())
        {
            await InvitationOutbox.CancelAsync(connection, orderId);
        }

        Assert.Equal(InvitationStatus.Cancelled, (await RowAsync(orderId)).Status);
        Assert.Equal((false, InvitationStatus.Cancelled), await _outbox.ResendFailedAsync(orderId, CancellationToken.None));
    }
}
