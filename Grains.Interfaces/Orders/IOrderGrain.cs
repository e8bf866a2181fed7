using OrleansKombo.Clients;
using Orleans.Concurrency;
using OrleansKombo.Assessment;
using OrleansKombo.Webhooks;

namespace OrleansKombo.Orders;

/// <summary>
/// One per Kombo assessment order id. It decides once, synchronously, and every later delivery of the same order
/// (a new webhook event, reconciliation) gets that same decision.
/// </summary>
public interface IOrderGrain : IGrainWithStringKey
{
    /// <summary>The order's webhook: accept (and invite) or reject with a message for the recruiter.</summary>
    [InternalGrainMethod(InternalGrainMethodAttribute.Gateway)]
    Task<OrderDecision> Receive(AssessmentOrderReceived order, bool inline);

    /// <summary>
    /// An order reconciliation found OPEN in Kombo that we never received: decided like a webhook, but a rejection
    /// cannot reach the ATS any more, so it is flagged for an operator instead.
    /// </summary>
    [InternalGrainMethod(InternalGrainMethodAttribute.Silo)]
    Task<OrderDecision> Discover(AssessmentOrderReceived order);

    /// <summary>Stores a result (validated as Kombo does) and has it written back.</summary>
    Task<OrderCommandAnswer> SubmitResult(OrderResult result);

    /// <summary>Cancels the assessment: an invitation not sent yet is dropped, and CANCELLED is written back.</summary>
    Task<OrderCommandAnswer> Cancel();

    /// <summary>Writes a result whose write-back FAILED again (Conflict when none failed, or the ATS has closed the order).</summary>
    Task<OrderCommandAnswer> RetryWriteBack();

    /// <summary>
    /// What Kombo lists the order as (reconciliation): CANCELLED while we hold it open cancels it here without a
    /// write-back; another closed status while we hold it open, or OPEN for one we rejected, flags it for an operator.
    /// </summary>
    /// <returns>Whether the order changed.</returns>
    [InternalGrainMethod(InternalGrainMethodAttribute.Silo)]
    Task<bool> SeenInKombo(string komboStatus);

    /// <summary>The job of this order became inactive in the ATS (<paramref name="jobState"/>): an open triggered order is flagged for an operator.</summary>
    /// <returns>Whether the order changed.</returns>
    [InternalGrainMethod(InternalGrainMethodAttribute.Silo)]
    Task<bool> JobClosed(string jobState);

    /// <summary>
    /// An operator's verdict on an invitation email left IN_DOUBT by a sender that stopped mid-send: delivered, or
    /// not (then it is sent again, unless the order is closed).
    /// </summary>
    Task<OrderCommandAnswer> ResolveInvitation(bool delivered);

    /// <summary>
    /// An operator's resend of an invitation that FAILED (after fixing what refused it): it is sent again, unless the order
    /// is closed. Conflict when the invitation is not FAILED.
    /// </summary>
    Task<OrderCommandAnswer> ResendInvitation();

    /// <summary>The invitation outbox delivered the invitation.</summary>
    [InternalGrainMethod(InternalGrainMethodAttribute.Silo)]
    Task InvitationSent(DateTimeOffset sentAt);

    /// <summary>The integration's assessment grain reports on a write-back.</summary>
    [InternalGrainMethod(InternalGrainMethodAttribute.Silo)]
    Task RecordWriteBack(WriteBackReport report);

    /// <summary>Null for an order never received.</summary>
    [AlwaysInterleave]
    Task<OrderDetails?> GetDetails();
}
