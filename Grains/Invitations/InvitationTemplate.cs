using System.Net.Mail;
using MimeKit;

namespace OrleansKombo.Grains.Invitations;

/// <summary>Renders an invitation email from the configured subject and body.</summary>
public sealed class InvitationTemplate(InvitationOptions options)
{
    private readonly MailboxAddress _sender = MailboxAddress.Parse(options.Sender);

    public MimeMessage Render(InvitationMessage invitation)
    {
        var message = new MimeMessage
        {
            Subject = Fill(options.Subject, invitation),
            Body = new TextPart("plain") { Text = Fill(options.Body, invitation) },
        };
        message.From.Add(_sender);
        message.To.Add(new MailboxAddress(invitation.CandidateName, invitation.Email));
        // The same Message-ID on every attempt: mail systems that de-duplicate on it collapse a resend an operator
        // chose after an in-doubt send.
        message.MessageId = $"invitation.{Uri.EscapeDataString(invitation.OrderId)}@{new MailAddress(_sender.Address).Host}";
        message.Headers.Add("X-Assessment-Order-Id", invitation.OrderId);
        return message;
    }

    private static string Fill(string template, InvitationMessage invitation) => template
        .Replace("{candidate_name}", invitation.CandidateName, StringComparison.Ordinal)
        .Replace("{job_name}", invitation.JobName ?? "the position", StringComparison.Ordinal)
        .Replace("{package_name}", invitation.PackageName, StringComparison.Ordinal)
        .Replace("{link}", invitation.Link, StringComparison.Ordinal)
        .Replace("{order_id}", invitation.OrderId, StringComparison.Ordinal);
}
