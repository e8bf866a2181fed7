using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansKombo.Orders;

namespace OrleansKombo.Grains.Invitations;

/// <summary>
/// Sends the outbox's invitations; every silo runs one with <c>Invitations:Parallelism</c> workers, and claims with
/// leases keep them from sending a row twice at once. Each send is preceded by a committed "started" mark, so a
/// sender that dies leaves either a row that is safe to send again (no mark) or one in doubt (mark, no SENT), which
/// is never sent again automatically. See README "Invitations, exactly once".
/// </summary>
public sealed class InvitationSender(
    InvitationOutbox outbox,
    InvitationSignal signal,
    InvitationOptions options,
    Func<IInvitationTransport> transports,
    IGrainFactory grains,
    ILogger<InvitationSender> logger) : BackgroundService
{
    private const int Batch = 10;

    /// <summary>Outcomes of attempts this sender knows but could not write yet (PostgreSQL was away), by attempt id.</summary>
    private readonly ConcurrentDictionary<Guid, (ClaimedInvitation Claim, string What, Func<CancellationToken, Task<bool>> Write)> _unrecorded = new();

    /// <summary>A sent invitation whose order grain was not told within this long is told again.</summary>
    private static readonly TimeSpan NotifyGrace = TimeSpan.FromSeconds(30);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(
        Enumerable.Range(0, options.Parallelism).Select(_ => Task.Run(() => WorkAsync(stoppingToken), stoppingToken))
            .Append(Task.Run(() => MaintainAsync(stoppingToken), stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        await using var transport = transports();
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                var batch = await outbox.ClaimAsync(Batch, options.Lease, stoppingToken);
                claimed = batch.Count;
                if (claimed == Batch)
                {
                    // More are waiting: wake another worker rather than leave them to the poll.
                    signal.Notify();
                }
                foreach (var claim in batch)
                {
                    await SendAsync(transport, claim, stoppingToken);
                }
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                // PostgreSQL away: claimed rows come back when their lease ends.
                logger.LogWarning("Invitation outbox unavailable, trying again shortly: {Error}", error.Message);
            }
            if (claimed < Batch)
            {
                await signal.WaitAsync(options.PollInterval, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }

    private async Task SendAsync(IInvitationTransport transport, ClaimedInvitation claim, CancellationToken stoppingToken)
    {
        var message = claim.Message;
        try
        {
            await transport.ConnectAsync(stoppingToken);
            if (!await outbox.MarkStartedAsync(claim, options.Lease, stoppingToken))
            {
                logger.LogWarning("Invitation for order {OrderId} of integration {IntegrationId} not sent: the claim lapsed or the order was cancelled before sending",
                    message.OrderId, message.IntegrationId);
                return;
            }
            // Not the stopping token: a send cut short by a graceful stop would be left in doubt though it never
            // left. The client's own timeout bounds how long the stop waits for it.
            await SendOrExplainAsync(transport, claim, CancellationToken.None);
        }
        catch (InvitationNotSent failure)
        {
            var verdict = InvitationRetryRule.After(failure, claim.Channel, claim.Attempts, claim.RoundAge, options);
            await RecordAsync(claim, $"its {verdict.Status} verdict", ct => outbox.RecordFailureAsync(claim, verdict, ct));
            switch (verdict.Status)
            {
                case InvitationStatus.InDoubt:
                    logger.LogError("Invitation for order {OrderId} of integration {IntegrationId} is in doubt and will not be sent again automatically: {Error}",
                        message.OrderId, message.IntegrationId, verdict.Reason);
                    break;
                case InvitationStatus.Failed:
                    logger.LogError("Invitation for order {OrderId} of integration {IntegrationId} FAILED (attempt {Attempt}) and is not tried again until an operator resends it: {Error}",
                        message.OrderId, message.IntegrationId, claim.Attempts, verdict.Reason);
                    break;
                default:
                    logger.LogWarning("Invitation for order {OrderId} of integration {IntegrationId} not sent (attempt {Attempt}), retrying in {Wait:0} s: {Error}",
                        message.OrderId, message.IntegrationId, claim.Attempts, verdict.Wait.TotalSeconds, verdict.Reason);
                    break;
            }
            return;
        }

        // Recorded even while stopping: the message is out, and the row must say so.
        await RecordAsync(claim, "that it was sent", ct => outbox.MarkSentAsync(claim, ct));
        logger.LogInformation("Invitation for order {OrderId} of integration {IntegrationId} sent ({Channel}, attempt {Attempt})",
            message.OrderId, message.IntegrationId, claim.Channel, claim.Attempts);
        await NotifyOrderAsync(message.OrderId, DateTimeOffset.UtcNow, stoppingToken);
    }

    /// <summary>
    /// The transport's send, where any failure is an <see cref="InvitationNotSent"/>: one the transport did not expect is
    /// in doubt (an email may have left; a callback is simply retried), never an exception that leaves the row SENDING.
    /// </summary>
    private static async Task SendOrExplainAsync(IInvitationTransport transport, ClaimedInvitation claim, CancellationToken cancellationToken)
    {
        try
        {
            await transport.SendAsync(claim.Message, cancellationToken);
        }
        catch (Exception unexpected) when (unexpected is not InvitationNotSent)
        {
            throw new InvitationNotSent($"the send failed unexpectedly: {unexpected.Message}", InvitationFailure.InDoubt, unexpected);
        }
    }

    /// <summary>
    /// Writes what this attempt knows. When PostgreSQL is away, the sender keeps it and writes it again from its upkeep
    /// loop, so an email it knows it sent becomes SENT (also over IN_DOUBT, if recovery got there first) rather than left
    /// in doubt, and one it knows it did not send is retried or FAILED.
    /// </summary>
    private async Task RecordAsync(ClaimedInvitation claim, string what, Func<CancellationToken, Task<bool>> write)
    {
        try
        {
            await write(CancellationToken.None);
        }
        catch (Exception error)
        {
            _unrecorded[claim.AttemptId] = (claim, what, write);
            logger.LogWarning("Invitation for order {OrderId}: could not record {What} yet ({Error}); trying again shortly", claim.OrderId, what, error.Message);
        }
    }

    private async Task NotifyOrderAsync(string orderId, DateTimeOffset sentAt, CancellationToken stoppingToken)
    {
        try
        {
            await grains.GetGrain<IOrderGrain>(orderId).InvitationSent(sentAt);
            await outbox.MarkNotifiedAsync(orderId, stoppingToken);
        }
        catch (Exception error) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Order {OrderId}: could not record its sent invitation yet ({Error}); trying again later", orderId, error.Message);
        }
    }

    /// <summary>Takes back lapsed claims and tells order grains of invitations sent while they could not be told.</summary>
    private async Task MaintainAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromTicks(Math.Max(options.PollInterval.Ticks * 5, TimeSpan.FromSeconds(1).Ticks));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var (attemptId, (claim, what, write)) in _unrecorded)
                {
                    // Written, or the row moved on without it (an operator resolved it): either way it is done.
                    await write(stoppingToken);
                    _unrecorded.TryRemove(attemptId, out _);
                    logger.LogInformation("Invitation for order {OrderId}: recorded {What} late", claim.OrderId, what);
                }
                if (await outbox.RecoverExpiredAsync(stoppingToken) is > 0 and var recovered)
                {
                    logger.LogWarning("Took back {Count} invitations whose sender stopped; unsent ones go out again (or FAILED past their bounds), started emails are left in doubt",
                        recovered);
                    signal.Notify();
                }
                foreach (var (orderId, sentAt) in await outbox.UnnotifiedAsync(NotifyGrace, 100, stoppingToken))
                {
                    await NotifyOrderAsync(orderId, sentAt, stoppingToken);
                }
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Invitation outbox upkeep failed, trying again shortly: {Error}", error.Message);
            }
            await Task.Delay(period, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }
}
