namespace OrleansKombo.Orders;

/// <summary>
/// An invitation's <c>status</c>: the <c>invitation_outbox.status</c> column's values and the order's
/// <see cref="Invitation.Status"/>. Statements pass them as parameters, never as literals in their SQL.
/// </summary>
public static class InvitationStatus
{
    /// <summary>Waiting to be claimed by a sender (new, or retried after a failure).</summary>
    public const string Pending = "PENDING";

    /// <summary>Claimed by a sender under a lease.</summary>
    public const string Sending = "SENDING";

    /// <summary>Delivered (or, for an inline order not emailed, answered to Kombo with the link).</summary>
    public const string Sent = "SENT";

    /// <summary>A send that started and never confirmed: never sent again automatically; an operator resolves it.</summary>
    public const string InDoubt = "IN_DOUBT";

    /// <summary>The order was cancelled before the invitation left.</summary>
    public const string Cancelled = "CANCELLED";

    /// <summary>
    /// Never delivered and not tried again: refused for good (SMTP 5xx, HTTP 4xx other than 408 and 429, an address we cannot
    /// send to), or retried past the configured bounds. <c>last_error</c> says why; an operator can resend it.
    /// </summary>
    public const string Failed = "FAILED";

    /// <summary>Every status; the CHECK of <c>invitation_outbox.status</c> lists the same (a test holds it to this).</summary>
    public static readonly string[] All = [Pending, Sending, Sent, InDoubt, Cancelled, Failed];
}
