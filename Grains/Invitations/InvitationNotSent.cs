namespace OrleansKombo.Grains.Invitations;

/// <summary>
/// A send that failed. <see cref="InDoubt"/> when the message may have been accepted all the same (the connection
/// broke after the server was handed the message), so sending it again could deliver it twice.
/// </summary>
public sealed class InvitationNotSent(string message, bool inDoubt, Exception? inner = null) : Exception(message, inner)
{
    public bool InDoubt { get; } = inDoubt;
}
