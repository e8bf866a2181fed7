using OrleansKombo.Orders;

namespace OrleansKombo.Grains.Invitations;

/// <summary>
/// Every invitation's attempts end: a permanent refusal is FAILED at once, an email that may have been delivered is
/// IN_DOUBT, and transient failures are retried with the one backoff (1 s doubling to <c>Invitations:MaxBackoff</c>) until
/// <c>Invitations:MaxAttempts</c> attempts or <c>Invitations:GiveUpAfter</c> since the round's first attempt, then FAILED.
/// </summary>
/// <remarks>The outbox's recovery of lapsed claims applies the same bounds in its statement, with these options as parameters.</remarks>
public static class InvitationRetryRule
{
    public static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(1);

    /// <param name="attempts">Attempts of this round so far, this one included.</param>
    /// <param name="roundAge">Time since the round's first attempt.</param>
    public static InvitationVerdict After(InvitationNotSent failure, InvitationChannel channel, int attempts, TimeSpan roundAge, InvitationOptions options)
    {
        switch (failure.Kind)
        {
            case InvitationFailure.InDoubt when channel == InvitationChannel.Smtp:
                return new InvitationVerdict(InvitationStatus.InDoubt, TimeSpan.Zero, failure.Message);
            case InvitationFailure.Permanent:
                return new InvitationVerdict(InvitationStatus.Failed, TimeSpan.Zero, failure.Message);
        }
        if (GivesUp(attempts, roundAge, options) is { } why)
        {
            return new InvitationVerdict(InvitationStatus.Failed, TimeSpan.Zero, $"gave up after {why}; the last failure: {failure.Message}");
        }
        return new InvitationVerdict(InvitationStatus.Pending, Backoff.Jittered(attempts, FirstWait, options.MaxBackoff), failure.Message);
    }

    /// <returns>Why transient failures are not retried any more ("100 attempts"), or null while they are.</returns>
    public static string? GivesUp(int attempts, TimeSpan roundAge, InvitationOptions options) =>
        attempts >= options.MaxAttempts ? $"{attempts} attempts"
        : roundAge >= options.GiveUpAfter ? $"{attempts} attempts over {TimeSpan.FromSeconds(Math.Round(roundAge.TotalSeconds))} (GiveUpAfter {options.GiveUpAfter})"
        : null;
}
