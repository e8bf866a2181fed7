using System.Collections.Concurrent;
using System.Net;
using OrleansKombo.Tests.Infrastructure;
using OrleansKombo.UnitTests.Fakes;

namespace OrleansKombo.Tests.Orders;

/// <summary>
/// Every invitation ends: the silos send through an SMTP server that refuses the recipients a test names, for good (550) or
/// for now (451). Refused for good is FAILED with the server's reason in the order's invitation, refused for now is retried
/// until <c>Invitations:MaxAttempts</c> and then FAILED, and an operator's resend sends it once the cause is fixed. The
/// issue's case, a display-name address, is sent to its address.
/// </summary>
public sealed class InvitationFailureTests(InvitationFailureTests.Fixture fixture) : IClassFixture<InvitationFailureTests.Fixture>
{
    public sealed class Fixture : KomboCluster
    {
        /// <summary>Recipient address → the reply its RCPT gets (none: accepted).</summary>
        public ConcurrentDictionary<string, string> Refusals { get; } = new(StringComparer.OrdinalIgnoreCase);

        public ScriptedSmtpServer Smtp { get; }

        public Fixture() => Smtp = new ScriptedSmtpServer((stage, argument) =>
            stage == SmtpStage.Rcpt && Refusals.TryGetValue(argument, out var reply) ? reply : null);

        protected override IReadOnlyDictionary<string, string> SiloSettings => new Dictionary<string, string>(MailSink.SiloSettings(Smtp.Port))
        {
            ["Invitations:MaxAttempts"] = "3",
            ["Invitations:MaxBackoff"] = "00:00:00.500",
        };

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await Smtp.DisposeAsync();
        }
    }

    private HttpClient Api => fixture.Gateway.Api;

    private static Task<int> RcptsAsync(ScriptedSmtpServer smtp) => Task.FromResult(smtp.Seen.GetValueOrDefault(SmtpStage.Rcpt));

    private async Task<(string OrderId, string Email)> OrderAsync(string? email = null, string? reply = null)
    {
        var integration = await Assessments.OfferingAsync(fixture);
        email ??= MailSink.NewAddress();
        if (reply is not null)
        {
            fixture.Refusals[email] = reply;
        }
        var order = await Assessments.OrderAsync(integration, email);
        Assert.Equal(200, order.Webhook!.StatusCode);
        return (order.Id, email);
    }

    private Task<System.Text.Json.JsonElement> InvitationIsAsync(string orderId, string status) => Assessments.WaitForAsync(Api, orderId,
        o => o.GetProperty("invitation").GetProperty("status").GetString() == status, $"the invitation is {status}");

    [Fact]
    public async Task A_recipient_refused_for_good_fails_at_once_with_the_reason_and_is_sent_once_an_operator_resends_it()
    {
        var (orderId, email) = await OrderAsync(reply: "550 5.1.1 mailbox unavailable");

        var failed = await InvitationIsAsync(orderId, "FAILED");
        var invitation = failed.GetProperty("invitation");
        Assert.Contains("550", invitation.GetProperty("last_error").GetString());
        Assert.Equal(1, invitation.GetProperty("attempts").GetInt32());
        Assert.Equal("RECEIVED", failed.Status());
        Assert.Empty(fixture.Smtp.MessagesTo(email));

        // The mailbox is fixed; the operator resends.
        fixture.Refusals.TryRemove(email, out _);
        var resent = await Api.PostAsync($"/api/orders/{orderId}/invitation/resend", null);
        Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        await Assessments.InvitedAsync(Api, orderId);
        Assert.Single(fixture.Smtp.MessagesTo(email));

        var again = await Api.PostAsync($"/api/orders/{orderId}/invitation/resend", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("is SENT; only a FAILED one is resent", await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await Api.PostAsync("/api/orders/no-such-order/invitation/resend", null)).StatusCode);
    }

    [Fact]
    public async Task A_recipient_refused_for_now_is_retried_until_the_attempts_run_out_then_fails()
    {
        var (orderId, email) = await OrderAsync(reply: "451 4.7.1 greylisted");

        var failed = await InvitationIsAsync(orderId, "FAILED");

        var invitation = failed.GetProperty("invitation");
        Assert.Equal(3, invitation.GetProperty("attempts").GetInt32());
        Assert.StartsWith("gave up after 3 attempts; the last failure: SMTP server refused the message: 451", invitation.GetProperty("last_error").GetString());
        Assert.Empty(fixture.Smtp.MessagesTo(email));
    }

    [Fact]
    public async Task The_issue_s_display_name_address_is_accepted_and_emailed_at_its_address()
    {
        var address = $"jane.roe+{Guid.NewGuid():N}@example.com";

        var (orderId, _) = await OrderAsync($"Jane Roe <{address}>");

        var order = await Assessments.InvitedAsync(Api, orderId);
        Assert.Equal("SENT", order.GetProperty("invitation").GetProperty("status").GetString());
        var text = Assert.Single(fixture.Smtp.MessagesTo(address));
        Assert.Contains($"<{address}>", text);
    }

    [Fact]
    public async Task An_address_accepted_before_the_email_rule_that_it_refuses_fails_without_anything_sent()
    {
        // A row queued under the old rule (System.Net.Mail took this): resent as an operator would after the first failure.
        var (orderId, email) = await OrderAsync(reply: "550 5.1.1 mailbox unavailable");
        await InvitationIsAsync(orderId, "FAILED");
        await TestDatabase.ScalarAsync<int>("UPDATE invitation_outbox SET message = jsonb_set(message, '{email}', to_jsonb(@email::text)) WHERE order_id = @id",
            ("id", orderId), ("email", $"{email}, other@example.com"));
        var rcpts = await RcptsAsync(fixture.Smtp);

        (await Api.PostAsync($"/api/orders/{orderId}/invitation/resend", null)).EnsureSuccessStatusCode();

        var failed = await Assessments.WaitForAsync(Api, orderId, o => o.GetProperty("invitation") is var i
            && i.GetProperty("status").GetString() == "FAILED" && i.GetProperty("last_error").GetString()!.Contains("names several addresses"),
            "the invitation failed on the address");
        Assert.Equal(rcpts, await RcptsAsync(fixture.Smtp));
        Assert.Equal("RECEIVED", failed.Status());
    }

    [Fact]
    public async Task A_cancelled_order_s_failed_invitation_is_cancelled_and_not_resent()
    {
        var (orderId, _) = await OrderAsync(reply: "550 5.1.1 mailbox unavailable");
        await InvitationIsAsync(orderId, "FAILED");

        await Assessments.AcceptedAsync(Api.PostAsync($"/api/orders/{orderId}/cancel", null));
        var resend = await Api.PostAsync($"/api/orders/{orderId}/invitation/resend", null);

        Assert.Equal(HttpStatusCode.Conflict, resend.StatusCode);
        Assert.Contains("is CANCELLED", await resend.Content.ReadAsStringAsync());
        await InvitationIsAsync(orderId, "CANCELLED");
    }
}
