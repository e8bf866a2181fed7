using MimeKit;

namespace OrleansKombo.Grains.Invitations;

/// <summary>Renders an invitation email from the configured subject and body.</summary>
public sealed class InvitationTemplate(InvitationOptions options)
{
    private readonly MailboxAddress _sender = EmailAddress.TryParse(options.Sender, out var sender, out var problem)
        ? sender.ToMailbox()
        : throw new InvalidOperationException($"{InvitationOptions.Section}:Sender {problem}.");

    /// <summary>The email, or null with the reason when the candidate's address cannot be sent to (the email rule, <see cref="EmailAddress"/>).</summary>
    public MimeMessage? Render(InvitationMessage invitation, out string? problem)
    {
        if (!EmailAddress.TryParse(invitation.Email, out var to, out problem))
        {
            problem = $"the candidate's email address {problem}";
            return null;
        }
        var message = new MimeMessage
        {
            Subject = Fill(options.Subject, invitation),
            Body = new TextPart("plain") { Text = Fill(options.Body, invitation) },
        };
        message.From.Add(_sender);
        message.To.Add(to.ToMailbox(invitation.RecipientName ?? to.Name));
        // The same Message-ID on every attempt: mail systems that de-duplicate on it collapse a resend an operator
        // chose after an in-doubt send.
        message.MessageId = $"invitation.{Uri.EscapeDataString(invitation.OrderId)}@{_sender.Domain}";
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
