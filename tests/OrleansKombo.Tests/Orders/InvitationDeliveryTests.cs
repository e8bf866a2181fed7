using System.Net;
using System.Net.Http.Json;
using Orleans.Runtime;
using OrleansKombo.Orders;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Orders;

/// <summary>
/// Exactly one email per accepted order when SMTP fails and silos die. These tests break things, so they have a
/// cluster of their own whose silos reach the SMTP server through a proxy the tests can cut.
/// </summary>
public sealed class InvitationDeliveryTests(InvitationDeliveryTests.Fixture fixture) : IClassFixture<InvitationDeliveryTests.Fixture>
{
    public sealed class Fixture : KomboCluster
    {
        public TcpProxy Smtp { get; } = new("127.0.0.1", MailSink.SmtpPort);

        protected override IReadOnlyDictionary<string, string> SiloSettings => new Dictionary<string, string>(MailSink.SiloSettings(Smtp.Port))
        {
            // Short leases and backoff, so recovery and retries happen within a test's patience.
            ["Invitations:Lease"] = "00:00:10",
            ["Invitations:MaxBackoff"] = "00:00:02",
        };

        public override async Task DisposeAsync()
        {
            Smtp.Restore();
            await base.DisposeAsync();
            await Smtp.DisposeAsync();
        }
    }

    private HttpClient Api => fixture.Gateway.Api;

    private static Task<long> OutboxAttemptsAsync(string orderId) =>
        TestDatabase.ScalarAsync<int>("SELECT attempts FROM invitation_outbox WHERE order_id = @id", ("id", orderId)).ContinueWith(t => (long)t.Result);

    private static Task<string?> OutboxStatusAsync(string orderId) =>
        TestDatabase.ScalarAsync<string>("SELECT status FROM invitation_outbox WHERE order_id = @id", ("id", orderId));

    private async Task<List<(string OrderId, string Email)>> AcceptedOrdersAsync(Kombo.Sandbox.Integrations.SandboxIntegration integration, int count)
    {
        var orders = new List<(string, string)>();
        for (var i = 0; i < count; i++)
        {
            var email = MailSink.NewAddress();
            var order = await Assessments.OrderAsync(integration, email);
            Assert.Equal(200, order.Webhook!.StatusCode);
            orders.Add((order.Id, email));
        }
        return orders;
    }

    /// <summary>Runs <paramref name="work"/> while the silos cannot reach the SMTP server, which is back afterwards whatever happens.</summary>
    private async Task<T> WhileSmtpIsDownAsync<T>(Func<Task<T>> work)
    {
        fixture.Smtp.Cut();
        try
        {
            return await work();
        }
        finally
        {
            fixture.Smtp.Restore();
        }
    }

    private static async Task ExactlyOneEmailEachAsync(IEnumerable<(string OrderId, string Email)> orders)
    {
        foreach (var (_, email) in orders)
        {
            await Poll.UntilAsync(async () => (await MailSink.MessagesToAsync(email)).Count > 0, $"an email to {email}", TimeSpan.FromSeconds(60));
        }
        foreach (var (orderId, email) in orders)
        {
            var messages = await MailSink.MessagesToAsync(email);
            Assert.True(messages.Count == 1, $"order {orderId}: {messages.Count} emails");
        }
    }

    [Fact]
    public async Task Invitations_wait_out_an_smtp_outage_and_each_candidate_gets_exactly_one_email()
    {
        var integration = await Assessments.OfferingAsync(fixture);
        var orders = await WhileSmtpIsDownAsync(async () =>
        {
            var accepted = await AcceptedOrdersAsync(integration, 5);
            // A send stuck on a half-dead connection waits out MailKit's 30 s timeout before it counts as failed.
            await Poll.UntilAsync(async () => await OutboxAttemptsAsync(accepted[0].OrderId) >= 2, "the first invitation failed and was retried",
                TimeSpan.FromSeconds(90));
            return accepted;
        });

        await ExactlyOneEmailEachAsync(orders);
        foreach (var (orderId, _) in orders)
        {
            await Assessments.InvitedAsync(Api, orderId);
        }
    }

    [Fact]
    public async Task A_silo_killed_while_invitations_wait_leaves_each_candidate_exactly_one_email()
    {
        var integration = await Assessments.OfferingAsync(fixture);
        var orders = await WhileSmtpIsDownAsync(async () =>
        {
            var accepted = await AcceptedOrdersAsync(integration, 6);
            var grain = fixture.Grains.GetGrain<IOrderGrain>(accepted[0].OrderId);
            var host = await fixture.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
            var victim = fixture.Cluster.Cluster.Silos.FirstOrDefault(s => s.SiloAddress.Equals(host)) ?? fixture.Cluster.Cluster.Silos[0];
            await fixture.Cluster.ReplaceSiloAsync(victim);
            return accepted;
        });

        await ExactlyOneEmailEachAsync(orders);
        foreach (var (orderId, _) in orders)
        {
            await Assessments.InvitedAsync(Api, orderId, TimeSpan.FromSeconds(60));
        }
    }

    [Fact]
    public async Task A_sender_that_died_mid_send_leaves_the_email_in_doubt_and_one_that_died_before_sending_is_resent()
    {
        var integration = await Assessments.OfferingAsync(fixture);
        var orders = await WhileSmtpIsDownAsync(async () =>
        {
            var accepted = await AcceptedOrdersAsync(integration, 2);
            // What a silo leaves behind when it dies holding both: one had committed that its email was leaving, one had not.
            await TestDatabase.ScalarAsync<int>("""
                UPDATE invitation_outbox
                   SET status = 'SENDING', attempt_id = gen_random_uuid(), lease_until = now() - interval '1 second',
                       send_started_at = CASE WHEN order_id = @started THEN now() END
                 WHERE order_id IN (@started, @unstarted)
                """, ("started", accepted[0].OrderId), ("unstarted", accepted[1].OrderId));
            return accepted;
        });

        await ExactlyOneEmailEachAsync([orders[1]]);
        await Poll.UntilAsync(async () => await TestDatabase.ScalarAsync<string>("SELECT status FROM invitation_outbox WHERE order_id = @id",
            ("id", orders[0].OrderId)) == "IN_DOUBT", "the started one is in doubt");
        Assert.Empty(await MailSink.MessagesToAsync(orders[0].Email));
        var details = await Assessments.DetailsAsync(Api, orders[0].OrderId);
        Assert.Equal("IN_DOUBT", details.GetProperty("invitation").GetProperty("status").GetString());
        Assert.Contains("may or may not", details.GetProperty("invitation").GetProperty("last_error").GetString());
    }

    [Fact]
    public async Task Cancelling_drops_an_invitation_a_sender_claimed_but_not_one_whose_send_started()
    {
        var integration = await Assessments.OfferingAsync(fixture);
        var orders = await WhileSmtpIsDownAsync(async () =>
        {
            var accepted = await AcceptedOrdersAsync(integration, 2);
            // Both held by a live sender (a fresh attempt id, so the real senders' own claims on them are void);
            // one has committed that its email is leaving.
            await TestDatabase.ScalarAsync<int>("""
                UPDATE invitation_outbox
                   SET status = 'SENDING', attempt_id = gen_random_uuid(), lease_until = now() + interval '1 hour',
                       send_started_at = CASE WHEN order_id = @started THEN now() END
                 WHERE order_id IN (@started, @claimed)
                """, ("started", accepted[0].OrderId), ("claimed", accepted[1].OrderId));
            foreach (var (orderId, _) in accepted)
            {
                (await Api.PostAsync($"/api/orders/{orderId}/cancel", null)).EnsureSuccessStatusCode();
            }
            return accepted;
        });

        Assert.Equal("SENDING", await OutboxStatusAsync(orders[0].OrderId));
        Assert.Equal("CANCELLED", await OutboxStatusAsync(orders[1].OrderId));
    }

    [Fact]
    public async Task An_operator_resolves_emails_in_doubt_and_only_the_one_found_undelivered_is_sent_again()
    {
        var integration = await Assessments.OfferingAsync(fixture);
        var (delivered, undelivered) = await WhileSmtpIsDownAsync(async () =>
        {
            var accepted = await AcceptedOrdersAsync(integration, 2);
            // A fresh attempt id voids a sender's claim: one failing against the cut SMTP server at this moment would
            // otherwise put its row back to PENDING over our IN_DOUBT.
            await TestDatabase.ScalarAsync<int>("""
                UPDATE invitation_outbox SET status = 'IN_DOUBT', attempt_id = gen_random_uuid(), last_error = 'left in doubt by the test'
                 WHERE order_id IN (@a, @b)
                """, ("a", accepted[0].OrderId), ("b", accepted[1].OrderId));
            return (accepted[0], accepted[1]);
        });

        var bad = await Api.PostAsync($"/api/orders/{delivered.OrderId}/invitation/resolve", JsonContent.Create(new { delivered = "yes" }));
        var first = await Api.PostAsJsonAsync($"/api/orders/{delivered.OrderId}/invitation/resolve", new { delivered = true });
        var second = await Api.PostAsJsonAsync($"/api/orders/{undelivered.OrderId}/invitation/resolve", new { delivered = false });
        var again = await Api.PostAsJsonAsync($"/api/orders/{delivered.OrderId}/invitation/resolve", new { delivered = false });
        var unknown = await Api.PostAsJsonAsync($"/api/orders/no-such-order/invitation/resolve", new { delivered = true });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("SENT", await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await ExactlyOneEmailEachAsync([undelivered]);
        Assert.Empty(await MailSink.MessagesToAsync(delivered.Email));
        var details = await Assessments.DetailsAsync(Api, delivered.OrderId);
        Assert.Equal("INVITED", details.GetProperty("status").GetString());
        Assert.Equal("SENT", details.GetProperty("invitation").GetProperty("status").GetString());
        await Assessments.InvitedAsync(Api, undelivered.OrderId);
    }
}
