namespace OrleansKombo.Grains.Invitations;

/// <summary>An outbox row a sender holds: <see cref="AttemptId"/> proves the claim in every later update.</summary>
/// <param name="Attempts">Attempts of the current round, this one included.</param>
/// <param name="RoundAge">How long ago the round's first attempt was claimed, as of this claim.</param>
public sealed record ClaimedInvitation(string OrderId, Guid AttemptId, InvitationChannel Channel, InvitationMessage Message, int Attempts,
    TimeSpan RoundAge = default);
