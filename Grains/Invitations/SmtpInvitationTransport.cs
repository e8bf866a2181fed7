using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace OrleansKombo.Grains.Invitations;

/// <summary>Email through one SMTP connection, kept open across sends (MailKit).</summary>
public sealed class SmtpInvitationTransport(InvitationOptions options, InvitationTemplate template) : IInvitationTransport
{
    private readonly RecipientWatchingSmtpClient _client = new() { Timeout = 30_000 };
    private readonly SecureSocketOptions _security = Enum.Parse<SecureSocketOptions>(options.SmtpSecurity, ignoreCase: true);

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        if (_client.IsConnected)
        {
            return;
        }
        try
        {
            await _client.ConnectAsync(options.SmtpHost, options.SmtpPort, _security, cancellationToken);
            if (!string.IsNullOrEmpty(options.SmtpUsername))
            {
                await _client.AuthenticateAsync(options.SmtpUsername, options.SmtpPassword ?? "", cancellationToken);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await DisconnectQuietlyAsync();
            throw new InvitationNotSent($"cannot reach SMTP server {options.SmtpHost}:{options.SmtpPort}: {error.Message}", InvitationFailure.Transient, error);
        }
    }

    public async Task SendAsync(InvitationMessage message, CancellationToken cancellationToken)
    {
        // Rendered before anything goes on the wire: an address the email rule refuses is refused for good, and nothing left.
        var mime = template.Render(message, out var problem)
            ?? throw new InvitationNotSent($"not sent: {problem}", InvitationFailure.Permanent);
        _client.RecipientAccepted = false;
        try
        {
            await _client.SendAsync(mime, cancellationToken);
        }
        catch (SmtpCommandException refused)
        {
            // The server answered with an error (to MAIL FROM, RCPT TO, DATA or the message itself): it did not take it.
            var code = (int)refused.StatusCode;
            throw new InvitationNotSent($"SMTP server refused the message: {code} {refused.Message}", InvitationFailures.OfSmtpReply(code), refused);
        }
        catch (Exception broken) when (broken is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await DisconnectQuietlyAsync();
            // Before the recipient was accepted no message data was sent; after it, the server may have queued the
            // message even though we never saw its answer.
            throw new InvitationNotSent($"SMTP connection failed while sending: {broken.Message}",
                _client.RecipientAccepted ? InvitationFailure.InDoubt : InvitationFailure.Transient, broken);
        }
    }

    private async Task DisconnectQuietlyAsync()
    {
        try
        {
            await _client.DisconnectAsync(quit: false);
        }
        catch (Exception error) when (error is ServiceNotConnectedException or IOException or InvalidOperationException)
        {
            // Already gone; the next ConnectAsync starts afresh.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DisconnectQuietlyAsync();
        _client.Dispose();
    }
}
