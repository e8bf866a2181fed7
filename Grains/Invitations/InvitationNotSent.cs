namespace OrleansKombo.Grains.Invitations;

/// <summary>A send that failed, and what that means for the invitation (<see cref="InvitationFailure"/>).</summary>
public sealed class InvitationNotSent(string message, InvitationFailure kind, Exception? inner = null) : Exception(message, inner)
{
    /// <param name="inDoubt">The message may have been accepted all the same; otherwise a transient failure.</param>
    public InvitationNotSent(string message, bool inDoubt, Exception? inner = null)
        : this(message, inDoubt ? InvitationFailure.InDoubt : InvitationFailure.Transient, inner)
    {
    }

    public InvitationFailure Kind { get; } = kind;
}
