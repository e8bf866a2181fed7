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
            await transport.SendAsync(message, CancellationToken.None);
        }
        catch (InvitationNotSent failure)
        {
            if (failure.InDoubt && claim.Channel == InvitationChannel.Smtp)
            {
                await outbox.MarkInDoubtAsync(claim, failure.Message, CancellationToken.None);
                logger.LogError("Invitation for order {OrderId} of integration {IntegrationId} is in doubt and will not be sent again automatically: {Error}",
                    message.OrderId, message.IntegrationId, failure.Message);
                return;
            }
            var wait = Backoff.Jittered(claim.Attempts, TimeSpan.FromSeconds(1), options.MaxBackoff);
            await outbox.RetryLaterAsync(claim, wait, failure.Message, CancellationToken.None);
            logger.LogWarning("Invitation for order {OrderId} of integration {IntegrationId} not sent (attempt {Attempt}), retrying in {Wait:0} s: {Error}",
                message.OrderId, message.IntegrationId, claim.Attempts, wait.TotalSeconds, failure.Message);
            return;
        }

        // Recorded even while stopping: the message is out, and the row must say so.
        await outbox.MarkSentAsync(claim, CancellationToken.None);
        logger.LogInformation("Invitation for order {OrderId} of integration {IntegrationId} sent ({Channel}, attempt {Attempt})",
            message.OrderId, message.IntegrationId, claim.Channel, claim.Attempts);
        await NotifyOrderAsync(message.OrderId, DateTimeOffset.UtcNow, stoppingToken);
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
                if (await outbox.RecoverExpiredAsync(stoppingToken) is > 0 and var recovered)
                {
                    logger.LogWarning("Took back {Count} invitations whose sender stopped; unsent ones go out again, started emails are left in doubt",
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
