namespace OrleansKombo.Orders;

/// <summary>
/// The candidate's invitation: <c>channel</c> SMTP or HTTP, <c>status</c> as the outbox has it (PENDING, SENDING,
/// SENT, IN_DOUBT, CANCELLED), and the link the candidate takes the assessment at.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Invitation(string Channel, string Status, string Link, DateTimeOffset? SentAt);
