namespace OrleansKombo.Orders;

/// <summary>
/// The candidate's invitation: <c>channel</c> SMTP or HTTP, <c>status</c> as the outbox has it (<see cref="InvitationStatus"/>: PENDING, SENDING,
/// SENT, IN_DOUBT, CANCELLED, FAILED), and the link the candidate takes the assessment at. An inline order that is not
/// emailed (<c>Orders:EmailInlineCandidates</c> off) has channel INLINE and status SENT from the moment we answered
/// Kombo with the link: the ATS redirects the candidate to it, and no outbox row exists.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Invitation(string Channel, string Status, string Link, DateTimeOffset? SentAt)
{
    /// <summary>The link went back in our answer to an inline order, for the ATS to redirect the candidate.</summary>
    public const string InlineChannel = "INLINE";
}
