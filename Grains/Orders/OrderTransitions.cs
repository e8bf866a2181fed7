using OrleansKombo.Assessment;
using OrleansKombo.Orders;

namespace OrleansKombo.Grains.Orders;

/// <summary>
/// The rules of an order's life after its decision, as pure changes of its details: a result or a cancellation, a retry
/// of a failed write-back, a sent invitation, a write-back's report, and what Kombo lists the order as. The order grain
/// applies them and does what goes with them (the outbox, the write-back queue). Each returns null when nothing changes.
/// </summary>
public static class OrderTransitions
{
    /// <summary>Kombo's note in the history of an order the recruiter cancelled in the ATS.</summary>
    public const string CancelledInAtsNote = "cancelled in the ATS (Kombo lists the order as CANCELLED)";

    /// <summary>RECEIVED or INVITED: the order takes a result or a cancellation.</summary>
    public static bool IsOpen(OrderDetails details) => details.Status is OrderStatus.Received or OrderStatus.Invited;

    /// <summary>Cancelled without our own CANCELLED result: Kombo listed it as cancelled in the ATS.</summary>
    public static bool CancelledInAts(OrderDetails details) =>
        details.Status == OrderStatus.Cancelled && details.Result?.Status != ResultStatus.Cancelled;

    /// <summary>Why the order takes no result or cancellation; null when it takes one.</summary>
    public static string? WhyNoResult(OrderDetails details) => !IsOpen(details)
        ? $"Order '{details.Id}' is {KomboJson.Name(details.Status)}; only an open (RECEIVED or INVITED) order takes a result or a cancellation."
        // Kombo holds no assessment order for a triggered one: its result goes into the application, which needs its id.
        : details.Source == OrderSource.Trigger && details.Application?.Id is null
            ? $"Order '{details.Id}' was started by a trigger rule but names no application to write its result into."
            : null;

    /// <summary>
    /// The application (Kombo's id) a triggered order's result is written into; null for Kombo's own orders, whose
    /// result goes to Kombo's assessment order.
    /// </summary>
    public static string? WritesInto(OrderDetails details) => details.Source == OrderSource.Trigger ? details.Application?.Id : null;

    /// <summary>
    /// What a cancelled triggered order writes: nothing. Kombo holds no order for it and the ATS shows no assessment
    /// running, so there is nothing to close there; the order and its unsent invitation are closed here.
    /// </summary>
    public const string TriggerCancelNote = "A triggered order has no order in Kombo: the cancellation closes it here and writes nothing into the ATS.";

    /// <summary>A result (or our cancellation) stored, its write-back PENDING; COMPLETED and CANCELLED close the order.</summary>
    public static OrderDetails WithResult(OrderDetails details, OrderResult result, bool cancel, DateTimeOffset now)
    {
        var status = result.Status switch
        {
            ResultStatus.Completed => OrderStatus.Completed,
            ResultStatus.Cancelled => OrderStatus.Cancelled,
            _ => details.Status,
        };
        return details with
        {
            Status = status,
            Result = result,
            WriteBack = cancel && details.Source == OrderSource.Trigger
                ? new WriteBack(WriteStatus.Done, 0, null, [TriggerCancelNote])
                : new WriteBack(WriteStatus.Pending, 0, null, []),
            History = status == details.Status ? details.History : [.. details.History, new OrderEvent(status, now, cancel ? "cancelled through the API" : null)],
        };
    }

    /// <summary>Why the write-back is not retried; null when it is (it FAILED, and the ATS still takes results).</summary>
    public static string? WhyNoRetry(OrderDetails details) =>
        details is not { WriteBack.Status: WriteStatus.Failed, Result: not null }
            ? details.WriteBack is { } writeBack
                ? $"The write-back of order '{details.Id}' is {KomboJson.Name(writeBack.Status)}; only a FAILED one is retried."
                : $"Order '{details.Id}' has no result to write back."
            : CancelledInAts(details)
                ? $"Order '{details.Id}' was cancelled in the ATS; Kombo takes no result for it any more."
                : null;

    public static OrderDetails ForRetry(OrderDetails details) => details with { WriteBack = new WriteBack(WriteStatus.Pending, 0, null, []) };

    /// <summary>The outbox delivered the invitation: an order still RECEIVED is INVITED now.</summary>
    public static OrderDetails? InvitationSent(OrderDetails details, DateTimeOffset sentAt)
    {
        if (details.Invitation is not { } invitation || invitation.Status == InvitationStatus.Sent)
        {
            return null;
        }
        var status = details.Status == OrderStatus.Received ? OrderStatus.Invited : details.Status;
        return details with
        {
            Status = status,
            Invitation = invitation with { Status = InvitationStatus.Sent, SentAt = sentAt },
            History = status == details.Status ? details.History : [.. details.History, new OrderEvent(OrderStatus.Invited, sentAt, null)],
        };
    }

    /// <summary>A write-back's report, taken only for the current result (its revision) while it is PENDING.</summary>
    public static OrderDetails? WriteBackReported(OrderState state, WriteBackReport report) =>
        report.Revision == state.ResultRevision && state.Details.WriteBack is { Status: WriteStatus.Pending }
            ? state.Details with { WriteBack = new WriteBack(report.Status, report.Attempts, report.LastError, report.Warnings) }
            : null;

    /// <summary>
    /// What Kombo lists the order as. CANCELLED while we hold it open cancels it here, and a result still on its way stays
    /// unwritten (Kombo takes none for a cancelled order); another closed status while we hold it open, or OPEN for one we
    /// rejected, flags it for an operator, once.
    /// </summary>
    /// <returns>The changed details and whether the order was cancelled; null when nothing changes.</returns>
    /// <summary>
    /// An open order started by a trigger rule whose job became inactive (closed, archived, a draft or deleted): flagged,
    /// once, for an operator to decide whether the assessment still goes ahead; nothing else changes.
    /// </summary>
    public static OrderDetails? JobClosed(OrderDetails details, string jobState) =>
        IsOpen(details) && details.Source == OrderSource.Trigger && details.OperatorFlag is null
            ? details with
            {
                OperatorFlag = $"The job of this triggered order is {jobState} in the ATS now: decide with the customer whether the assessment still goes ahead.",
            }
            : null;

    public static (OrderDetails Next, bool Cancelled)? SeenInKombo(OrderDetails details, string komboStatus, DateTimeOffset now)
    {
        var open = IsOpen(details);
        if (open && komboStatus == KomboOrderStatus.Cancelled)
        {
            return (details with
            {
                Status = OrderStatus.Cancelled,
                WriteBack = details.WriteBack is { Status: WriteStatus.Pending } pending
                    ? pending with { Status = WriteStatus.Failed, LastError = $"Not written back: the order was {CancelledInAtsNote}." }
                    : details.WriteBack,
                History = [.. details.History, new OrderEvent(OrderStatus.Cancelled, now, CancelledInAtsNote)],
            }, true);
        }
        var flag = (open, details.Status, komboStatus) switch
        {
            (true, _, not KomboOrderStatus.Open) =>
                $"Kombo lists this order as {komboStatus}, but we hold it {KomboJson.Name(details.Status)}: check it in the ATS with the customer.",
            (false, OrderStatus.Rejected, KomboOrderStatus.Open) =>
                $"We rejected this order, but Kombo still lists it as OPEN, so the ATS may still show it as running: tell the customer. Rejected because: {details.RejectionMessage}",
            _ => null,
        };
        return flag is null || details.OperatorFlag is not null ? null : (details with { OperatorFlag = flag }, false);
    }
}
