namespace OrleansKombo.Grains.Orders;

/// <summary>The <c>Orders</c> configuration section: how orders are decided and reconciled.</summary>
public sealed class OrdersOptions
{
    public const string Section = "Orders";

    /// <summary>Where candidates take an assessment; the link is this plus the order id and a token.</summary>
    public string AssessmentBaseUrl { get; set; } = "https://assessments.example.com/take";

    /// <summary>Reject orders whose job we have synced and know to be closed, archived, a draft or deleted.</summary>
    public bool RejectInactiveJobs { get; set; }

    /// <summary>
    /// Also email the invitation to an inline order's candidate. Off by default: the ATS redirects them to the link
    /// in our answer at once, so an email would be a second invitation.
    /// </summary>
    public bool EmailInlineCandidates { get; set; }

    /// <summary>How often each integration's OPEN orders in Kombo are compared with ours.</summary>
    public TimeSpan ReconcileEvery { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The most Kombo pages one reconciliation run reads; a longer reconciliation continues at the next tick (a minute
    /// later), so a customer with many orders never holds the grain in one long loop.
    /// </summary>
    public int ReconcilePagesPerRun { get; set; } = 20;

    public string? Problem()
    {
        if (!Uri.TryCreate(AssessmentBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return $"{Section}:AssessmentBaseUrl must be an absolute http(s) URL, not '{AssessmentBaseUrl}'.";
        }
        if (ReconcileEvery < TimeSpan.FromMinutes(1))
        {
            return $"{Section}:ReconcileEvery must be at least 00:01:00 (the reminder's tick), not {ReconcileEvery}.";
        }
        if (ReconcilePagesPerRun is < 1 or > 1000)
        {
            return $"{Section}:ReconcilePagesPerRun must be from 1 to 1000, not {ReconcilePagesPerRun}.";
        }
        return null;
    }
}
