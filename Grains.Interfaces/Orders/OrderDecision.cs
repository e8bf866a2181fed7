namespace OrleansKombo.Orders;

/// <summary>
/// The synchronous answer to an order webhook: accepted (with the candidate's link for inline orders), or
/// rejected with a message the recruiter sees in the ATS.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record OrderDecision(bool Accepted, string? RejectionMessage, string? AssessmentUrl)
{
    public static OrderDecision Accept(string assessmentUrl) => new(true, null, assessmentUrl);

    public static OrderDecision Reject(string message) => new(false, message, null);
}
