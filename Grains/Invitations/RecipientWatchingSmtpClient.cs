using MailKit.Net.Smtp;
using MimeKit;

namespace OrleansKombo.Grains.Invitations;

/// <summary>
/// Notes when the server accepted the recipient: MailKit sends the message data only after that, so a connection
/// that breaks before it cannot have delivered anything.
/// </summary>
public sealed class RecipientWatchingSmtpClient : SmtpClient
{
    public bool RecipientAccepted { get; set; }

    protected override void OnRecipientAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
    {
        RecipientAccepted = true;
        base.OnRecipientAccepted(message, mailbox, response);
    }
}
