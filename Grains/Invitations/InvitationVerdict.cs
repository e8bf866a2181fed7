namespace OrleansKombo.Grains.Invitations;

/// <summary>What becomes of an invitation after a failed attempt: its next status, how long a retry waits, and the reason shown.</summary>
public sealed record InvitationVerdict(string Status, TimeSpan Wait, string Reason);
