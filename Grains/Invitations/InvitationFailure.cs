namespace OrleansKombo.Grains.Invitations;

/// <summary>What a failed send means for the invitation. The one table from a channel's answer to it is <see cref="InvitationFailures"/>.</summary>
public enum InvitationFailure
{
    /// <summary>Nothing was delivered and trying again may work (a connection that failed, SMTP 4xx, HTTP 5xx, 408, 429).</summary>
    Transient,

    /// <summary>Nothing was delivered and trying again will not work (SMTP 5xx, HTTP 4xx, an address we cannot send to): FAILED.</summary>
    Permanent,

    /// <summary>
    /// The message may have been accepted (the connection broke after the server took the recipient): an email is not
    /// sent again automatically; a callback is, since the platform drops repeats by their idempotency key.
    /// </summary>
    InDoubt,
}
