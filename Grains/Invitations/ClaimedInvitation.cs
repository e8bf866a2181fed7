namespace OrleansKombo.Grains.Invitations;

/// <summary>An outbox row a sender holds: <see cref="AttemptId"/> proves the claim in every later update.</summary>
public sealed record ClaimedInvitation(string OrderId, Guid AttemptId, InvitationChannel Channel, InvitationMessage Message, int Attempts);
