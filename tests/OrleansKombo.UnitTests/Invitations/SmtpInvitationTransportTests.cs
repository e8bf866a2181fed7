using OrleansKombo.Grains.Invitations;
using OrleansKombo.UnitTests.Fakes;

namespace OrleansKombo.UnitTests.Invitations;

/// <summary>
/// What one SMTP send makes of each answer a server may give, against a server that answers as the test says: a refusal
/// of MAIL, RCPT or DATA is permanent (5xx) or transient (4xx), a connection that breaks before the recipient was accepted
/// delivered nothing, and one that breaks after it may have delivered the email.
/// </summary>
public sealed class SmtpInvitationTransportTests
{
    private static InvitationOptions Options(int port) => new() { SmtpHost = "127.0.0.1", SmtpPort = port, SmtpSecurity = "None" };

    private static InvitationMessage Invitation(string email = "ada@example.com") =>
        new("order-1", "integration-1", email, "Ada", "Lovelace", "Engineer", "pkg-1", "Skills test", "https://assessments.example.com/take/order-1");

    private static async Task<InvitationFailure?> SendAsync(Func<SmtpStage, string, string?> script, InvitationMessage? invitation = null)
    {
        await using var server = new ScriptedSmtpServer(script);
        var options = Options(server.Port);
        await using var transport = new SmtpInvitationTransport(options, new InvitationTemplate(options));
        try
        {
            await transport.ConnectAsync(CancellationToken.None);
            await transport.SendAsync(invitation ?? Invitation(), CancellationToken.None);
            return null;
        }
        catch (InvitationNotSent failure)
        {
            return failure.Kind;
        }
    }

    public static TheoryData<SmtpStage, string, InvitationFailure> Refusals() => new()
    {
        { SmtpStage.Mail, "553 5.1.8 sender address rejected", InvitationFailure.Permanent },
        { SmtpStage.Mail, "452 4.3.1 insufficient system storage", InvitationFailure.Transient },
        { SmtpStage.Rcpt, "550 5.1.1 no such user", InvitationFailure.Permanent },
        { SmtpStage.Rcpt, "451 4.7.1 greylisted, try again later", InvitationFailure.Transient },
        { SmtpStage.Data, "554 5.6.0 message refused", InvitationFailure.Permanent },
        { SmtpStage.Data, "421 4.3.2 shutting down", InvitationFailure.Transient },
        { SmtpStage.Mail, ScriptedSmtpServer.Drop, InvitationFailure.Transient },
        { SmtpStage.Rcpt, ScriptedSmtpServer.Drop, InvitationFailure.Transient },
        { SmtpStage.Data, ScriptedSmtpServer.Drop, InvitationFailure.InDoubt },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_server_s_answer_decides_whether_the_invitation_is_retried_failed_or_in_doubt(SmtpStage stage, string reply, InvitationFailure expected)
    {
        Assert.Equal(expected, await SendAsync((s, _) => s == stage ? reply : null));
    }

    [Fact]
    public async Task An_accepted_message_is_delivered_once()
    {
        await using var server = new ScriptedSmtpServer();
        var options = Options(server.Port);
        await using var transport = new SmtpInvitationTransport(options, new InvitationTemplate(options));

        await transport.ConnectAsync(CancellationToken.None);
        await transport.SendAsync(Invitation("Jane Roe <jane.roe@example.com>"), CancellationToken.None);

        var (to, text) = Assert.Single(server.Delivered);
        Assert.Equal(["jane.roe@example.com"], to);
        Assert.Contains("To: Ada Lovelace <jane.roe@example.com>", text);
    }

    [Fact]
    public async Task An_address_the_email_rule_refuses_fails_for_good_before_anything_reaches_the_server()
    {
        await using var server = new ScriptedSmtpServer();
        var options = Options(server.Port);
        await using var transport = new SmtpInvitationTransport(options, new InvitationTemplate(options));
        await transport.ConnectAsync(CancellationToken.None);

        var failure = await Assert.ThrowsAsync<InvitationNotSent>(() => transport.SendAsync(Invitation("a@example.com, b@example.com"), CancellationToken.None));

        Assert.Equal(InvitationFailure.Permanent, failure.Kind);
        Assert.Contains("names several addresses", failure.Message);
        Assert.False(server.Seen.ContainsKey(SmtpStage.Mail));
    }
}
