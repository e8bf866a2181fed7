namespace OrleansKombo.Grains.Invitations;

/// <summary>The one table from a channel's refusal to what it means (<see cref="InvitationFailure"/>).</summary>
public static class InvitationFailures
{
    /// <summary>
    /// An SMTP reply refusing MAIL, RCPT or DATA: 5xx is a permanent refusal (RFC 5321 §4.2.1), 4xx a transient one. The
    /// server answered, so the message was not taken either way.
    /// </summary>
    public static InvitationFailure OfSmtpReply(int code) => code >= 500 ? InvitationFailure.Permanent : InvitationFailure.Transient;

    /// <summary>
    /// The vendor platform's answer to a callback that was not a success: 4xx is permanent, except 408 (Request Timeout)
    /// and 429 (Too Many Requests), which ask to try again; 5xx and anything else are transient.
    /// </summary>
    public static InvitationFailure OfHttpStatus(int status) => status is >= 400 and < 500 and not 408 and not 429
        ? InvitationFailure.Permanent
        : InvitationFailure.Transient;
}
