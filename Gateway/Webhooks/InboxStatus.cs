namespace OrleansKombo.Gateway.Webhooks;

/// <summary>
/// Where an inbox row is in its life; the values are the <c>webhook_inbox.status</c> column's, and every statement passes
/// them as parameters (never as literals in its SQL).
/// </summary>
public static class InboxStatus
{
    /// <summary>Recorded; its grain has not yet confirmed it.</summary>
    public const string Received = "RECEIVED";

    /// <summary>Its grain applied it (an order may still have been rejected: see the answer).</summary>
    public const string Processed = "PROCESSED";

    /// <summary>The last attempt failed; the sweeper retries it with backoff.</summary>
    public const string Failed = "FAILED";

    /// <summary>
    /// A known type without a key we require (KomboEventTypes.Shapes) or with a value of the wrong JSON type;
    /// answered 400, never processed (an operator may replay it).
    /// </summary>
    public const string Rejected = "REJECTED";

    /// <summary>A type no grain handles (unknown, connection-flow-failed, AI Apply); recorded and answered 200.</summary>
    public const string Ignored = "IGNORED";

    /// <summary>
    /// Dead-lettered: its grain did not take it in <see cref="WebhookInbox.MaxAttempts"/> attempts (about a day); it keeps
    /// the last error, Kombo's repeats get 503, and it waits for an operator's replay, which revives it.
    /// </summary>
    public const string Dead = "DEAD";

    /// <summary>Every status, in the order of a row's life; the CHECK of <c>webhook_inbox.status</c> lists the same (a test holds it to this).</summary>
    public static readonly string[] All = [Received, Processed, Failed, Rejected, Ignored, Dead];

    /// <summary>Rows still to be handed to their grain: the sweeper's queue (and its partial index's predicate).</summary>
    public static readonly string[] Unfinished = [Received, Failed];
}
