using System.Net.Mail;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using OrleansKombo.Assessment;
using OrleansKombo.Grains.Invitations;
using OrleansKombo.Integrations;
using OrleansKombo.Orders;
using OrleansKombo.Webhooks;

namespace OrleansKombo.Grains.Orders;

/// <summary>
/// Owns one assessment order: the decision (made once, kept for every repeat), the invitation (through the outbox,
/// in the decision's own transaction), the result and its write-back. The candidate's phone number is dropped
/// before anything is stored or logged: the assessment needs an email, nothing more.
/// </summary>
public sealed class OrderGrain(
    OrderStore store,
    OrderJobs jobs,
    InvitationOutbox outbox,
    InvitationSignal invitations,
    InvitationOptions invitationOptions,
    OrdersOptions options,
    TimeProvider clock,
    ILogger<OrderGrain> logger) : Grain, IOrderGrain
{
    /// <summary>What an order without a <c>candidate</c> object is stored with (it is rejected: no email).</summary>
    private static readonly OrderCandidate NoCandidate = new(null, null, null, null, null);

    private OrderState? _state;
    private long _version;

    private string Id => this.GetPrimaryKeyString();

    private DateTimeOffset Now => clock.GetUtcNow();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) => (_state, _version) = await store.LoadAsync(Id);

    public Task<OrderDetails?> GetDetails() => Task.FromResult(_state?.Details);

    public Task<OrderDecision> Receive(AssessmentOrderReceived order, bool inline) => DecideAsync(order, inline, OrderSource.Webhook);

    public Task<OrderDecision> Discover(AssessmentOrderReceived order) => DecideAsync(order, inline: false, OrderSource.Reconciliation);

    private async Task<OrderDecision> DecideAsync(AssessmentOrderReceived order, bool inline, OrderSource source)
    {
        if (_state is { } decided)
        {
            return decided.Decision;
        }

        var now = Now;
        var (rejection, package) = await AssessAsync(order);
        var candidate = (order.Candidate ?? NoCandidate) with { Phone = null };
        var history = new List<OrderEvent> { new(OrderStatus.Received, now, source == OrderSource.Reconciliation ? "found by reconciliation" : null) };
        var channel = InvitationOutbox.Name(invitationOptions.Channel);
        OrderState state;
        InvitationMessage? invitation = null;
        if (rejection is null)
        {
            var link = Link();
            var status = OrderStatus.Received;
            var email = new Invitation(channel, InvitationStatus.Pending, link, null);
            if (inline)
            {
                // The ATS redirects the candidate to the link in our answer: invited now, and by default not emailed too.
                status = OrderStatus.Invited;
                history.Add(new OrderEvent(OrderStatus.Invited, now, "redirected to the assessment by the ATS (inline)"));
            }
            var emailed = !inline || options.EmailInlineCandidates;
            state = new OrderState
            {
                Decision = OrderDecision.Accept(link),
                ReceivedAt = now,
                Details = Details(order, candidate, source, inline, status, null, null,
                    emailed ? email : new Invitation(Invitation.InlineChannel, InvitationStatus.Sent, link, now), history),
            };
            invitation = emailed
                ? new InvitationMessage(Id, order.IntegrationId, candidate.Email!, candidate.FirstName, candidate.LastName,
                    order.Job?.Name, order.PackageId, package!.Name, link)
                : null;
        }
        else
        {
            // Kombo cannot hear a rejection of an order it already holds as OPEN: an operator has to follow it up.
            var flag = source == OrderSource.Reconciliation ? rejection : null;
            history.Add(new OrderEvent(OrderStatus.Rejected, now, rejection));
            state = new OrderState
            {
                Decision = OrderDecision.Reject(rejection),
                ReceivedAt = now,
                Details = Details(order, candidate, source, inline, OrderStatus.Rejected, rejection, flag, null, history),
            };
        }

        try
        {
            _version = await store.SaveAsync(state, 0, invitation is null ? null : c => outbox.AddAsync(c, invitationOptions.Channel, invitation));
        }
        catch (InconsistentStateException)
        {
            // Another activation decided first (a partition healed): its decision stands.
            (_state, _version) = await store.LoadAsync(Id);
            return _state?.Decision ?? throw new InvalidOperationException($"Order {Id} conflicted but cannot be read.");
        }
        _state = state;
        if (invitation is not null)
        {
            invitations.Notify();
        }

        if (rejection is null)
        {
            logger.LogInformation("Order {OrderId} of integration {IntegrationId} accepted ({Source}, package {PackageId}{Inline}); {Invitation}",
                Id, order.IntegrationId, source, order.PackageId, inline ? ", inline" : "", invitation is null ? "no email" : "invitation queued");
        }
        else if (source == OrderSource.Reconciliation)
        {
            logger.LogWarning("Order {OrderId} of integration {IntegrationId} found by reconciliation would be rejected and is flagged for an operator: {Reason}",
                Id, order.IntegrationId, rejection);
        }
        else
        {
            logger.LogInformation("Order {OrderId} of integration {IntegrationId} rejected: {Reason}", Id, order.IntegrationId, rejection);
        }
        return state.Decision;
    }

    private OrderDetails Details(AssessmentOrderReceived order, OrderCandidate candidate, OrderSource source, bool inline, OrderStatus status,
        string? rejection, string? flag, Invitation? invitation, IReadOnlyList<OrderEvent> history) =>
        new(Id, order.IntegrationId, order.PackageId, status, source, inline, candidate, order.Application, order.Job, rejection, flag,
            invitation, null, null, history);

    /// <returns>Why the order is rejected, in words a recruiter can act on, or the package it is for.</returns>
    private async Task<(string? Rejection, AssessmentPackage? Package)> AssessAsync(AssessmentOrderReceived order)
    {
        var integration = await GrainFactory.GetGrain<IIntegrationGrain>(order.IntegrationId).GetStatus();
        if (integration.State != IntegrationLifecycle.Active)
        {
            return ($"The ATS connection to our assessment platform is {KomboJson.Name(integration.State).ToLowerInvariant()}, so we cannot run assessments for it. "
                + "Ask your administrator to reconnect the integration, then order again.", null);
        }
        var lookup = await GrainFactory.GetGrain<IAssessmentGrain>(order.IntegrationId).FindPackage(order.PackageId);
        switch (lookup.Offer)
        {
            case PackageOffer.Withdrawn:
                return ($"The assessment package '{order.PackageId}' has been withdrawn and can no longer be ordered. Choose one of the packages on offer.", null);
            case PackageOffer.Unknown:
                return ($"The assessment package '{order.PackageId}' is not one we offer. Choose one of the packages listed in your ATS.", null);
        }
        if (string.IsNullOrWhiteSpace(order.Candidate?.Email))
        {
            return ("The candidate has no email address in the ATS, so we cannot send the assessment. Add one and order again.", null);
        }
        if (!MailAddress.TryCreate(order.Candidate.Email, out _))
        {
            return ($"The candidate's email address '{order.Candidate.Email}' is not valid, so we cannot send the assessment. Correct it and order again.", null);
        }
        if (options.RejectInactiveJobs && order.Job?.RemoteId is { } jobRemoteId
            && await jobs.InactiveStateAsync(order.IntegrationId, jobRemoteId) is { } jobState)
        {
            return ($"The job '{order.Job.Name ?? jobRemoteId}' is {jobState.ToLowerInvariant()} in the ATS, so no new assessments are started for it. "
                + "Reopen the job to order one.", null);
        }
        return (null, lookup.Package);
    }

    /// <summary>The order's page under <c>Orders:AssessmentBaseUrl</c>.</summary>
    private string Page() => $"{options.AssessmentBaseUrl.TrimEnd('/')}/{Uri.EscapeDataString(Id)}";

    /// <summary>The order's page plus a random token, so a link cannot be guessed from an order id alone.</summary>
    private string Link() => $"{Page()}?token={Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";

    public async Task<OrderCommandAnswer> ResolveInvitation(bool delivered)
    {
        if (_state?.Details is not { } details)
        {
            return OrderCommandAnswer.Refuse(OrderCommandOutcome.NotFound, $"No order with id '{Id}' was received.");
        }
        if (!delivered && details.Status is not (OrderStatus.Received or OrderStatus.Invited))
        {
            return OrderCommandAnswer.Refuse(OrderCommandOutcome.Conflict,
                $"Order '{Id}' is {KomboJson.Name(details.Status)}; its invitation is not sent again.");
        }
        if (await outbox.ResolveInDoubtAsync(Id, delivered, CancellationToken.None) is (false, var status))
        {
            return OrderCommandAnswer.Refuse(OrderCommandOutcome.Conflict, status is null
                ? $"Order '{Id}' has no invitation."
                : $"The invitation of order '{Id}' is {status}; only an {InvitationStatus.InDoubt} one is resolved by hand.");
        }

        logger.LogWarning("Order {OrderId} of integration {IntegrationId}: an operator resolved the in-doubt invitation: {Verdict}",
            Id, details.IntegrationId, delivered ? "delivered" : "not delivered, sending it again");
        if (delivered)
        {
            await InvitationSent(Now);
            await outbox.MarkNotifiedAsync(Id, CancellationToken.None);
        }
        else
        {
            invitations.Notify();
        }
        return OrderCommandAnswer.Accepted;
    }

    public async Task InvitationSent(DateTimeOffset sentAt)
    {
        if (_state?.Details is not { Invitation: { } invitation } details || invitation.Status == InvitationStatus.Sent)
        {
            return;
        }
        var status = details.Status == OrderStatus.Received ? OrderStatus.Invited : details.Status;
        await SaveAsync(details with
        {
            Status = status,
            Invitation = invitation with { Status = InvitationStatus.Sent, SentAt = sentAt },
            History = status == details.Status ? details.History : [.. details.History, new OrderEvent(OrderStatus.Invited, sentAt, null)],
        });
        logger.LogInformation("Order {OrderId} of integration {IntegrationId}: candidate invited", Id, details.IntegrationId);
    }

    public async Task<OrderCommandAnswer> SubmitResult(OrderResult result)
    {
        if (OrderResultRules.Problems(result) is { Count: > 0 } problems)
        {
            return OrderCommandAnswer.Refuse(OrderCommandOutcome.Invalid, string.Join(" ", problems));
        }
        return await WriteResultAsync(result, cancel: false);
    }

    public async Task<OrderCommandAnswer> Cancel()
    {
        // Kombo needs a result_url even for a cancellation; the recruiter gets the order's page, not the candidate's link.
        return await WriteResultAsync(new OrderResult(ResultStatus.Cancelled, Page(), Now), cancel: true);
    }

    private async Task<OrderCommandAnswer> WriteResultAsync(OrderResult result, bool cancel)
    {
        if (_state is not { Details: var details } state)
        {
            return OrderCommandAnswer.Refuse(OrderCommandOutcome.NotFound, $"No order with id '{Id}' was received.");
        }
        if (details.Status is not (OrderStatus.Received or OrderStatus.Invited))
        {
            return OrderCommandAnswer.Refuse(OrderCommandOutcome.Conflict,
                $"Order '{Id}' is {KomboJson.Name(details.Status)}; only an open (RECEIVED or INVITED) order takes a result or a cancellation.");
        }

        var status = result.Status switch
        {
            ResultStatus.Completed => OrderStatus.Completed,
            ResultStatus.Cancelled => OrderStatus.Cancelled,
            _ => details.Status,
        };
        var revision = state.ResultRevision + 1;
        var next = details with
        {
            Status = status,
            Result = result,
            WriteBack = new WriteBack(WriteStatus.Pending, 0, null, []),
            History = status == details.Status ? details.History : [.. details.History, new OrderEvent(status, Now, cancel ? "cancelled through the API" : null)],
        };
        await SaveAsync(next, revision, cancel ? c => InvitationOutbox.CancelAsync(c, Id) : null);

        logger.LogInformation("Order {OrderId} of integration {IntegrationId}: {What} stored, writing it back", Id, details.IntegrationId,
            cancel ? "cancellation" : $"{KomboJson.Name(result.Status)} result");
        await QueueWriteBackAsync(details.IntegrationId, revision, result);
        return OrderCommandAnswer.Accepted;
    }

    public async Task<OrderCommandAnswer> RetryWriteBack()
    {
        if (_state is not { Details: var details } state)
        {
            return OrderCommandAnswer.Refuse(OrderCommandOutcome.NotFound, $"No order with id '{Id}' was received.");
        }
        if (details is not { WriteBack.Status: WriteStatus.Failed, Result: { } result })
        {
            return OrderCommandAnswer.Refuse(OrderCommandOutcome.Conflict, details.WriteBack is { } writeBack
                ? $"The write-back of order '{Id}' is {KomboJson.Name(writeBack.Status)}; only a FAILED one is retried."
                : $"Order '{Id}' has no result to write back.");
        }
        if (CancelledInAts(details))
        {
            return OrderCommandAnswer.Refuse(OrderCommandOutcome.Conflict,
                $"Order '{Id}' was cancelled in the ATS; Kombo takes no result for it any more.");
        }

        // A new revision: reports about the failed attempt can no longer touch the retry, and the assessment grain takes
        // it although it finished the same result before.
        var revision = state.ResultRevision + 1;
        await SaveAsync(details with { WriteBack = new WriteBack(WriteStatus.Pending, 0, null, []) }, revision);
        logger.LogInformation("Order {OrderId} of integration {IntegrationId}: retrying the failed write-back ({Error})", Id, details.IntegrationId,
            details.WriteBack.LastError);
        await QueueWriteBackAsync(details.IntegrationId, revision, result);
        return OrderCommandAnswer.Accepted;
    }

    private async Task QueueWriteBackAsync(string integrationId, int revision, OrderResult result)
    {
        try
        {
            await GrainFactory.GetGrain<IAssessmentGrain>(integrationId).WriteResult(new WriteBackRequest(Id, revision, result));
        }
        catch (Exception error)
        {
            // Stored as PENDING: the integration's assessment grain picks it up from the orders table on its next tick.
            logger.LogWarning("Order {OrderId} of integration {IntegrationId}: write-back not queued yet ({Error}); it resumes from the stored result",
                Id, integrationId, error.Message);
        }
    }

    /// <summary>Cancelled without our own CANCELLED result: Kombo listed it as cancelled in the ATS.</summary>
    private static bool CancelledInAts(OrderDetails details) =>
        details.Status == OrderStatus.Cancelled && details.Result?.Status != ResultStatus.Cancelled;

    public async Task<bool> SeenInKombo(string komboStatus)
    {
        if (_state?.Details is not { } details)
        {
            return false;
        }
        var open = details.Status is OrderStatus.Received or OrderStatus.Invited;
        if (open && komboStatus == KomboOrderStatus.Cancelled)
        {
            await CancelledInAtsAsync(details);
            return true;
        }
        var flag = (open, details.Status, komboStatus) switch
        {
            (true, _, not KomboOrderStatus.Open) =>
                $"Kombo lists this order as {komboStatus}, but we hold it {KomboJson.Name(details.Status)}: check it in the ATS with the customer.",
            (false, OrderStatus.Rejected, KomboOrderStatus.Open) =>
                $"We rejected this order, but Kombo still lists it as OPEN, so the ATS may still show it as running: tell the customer. Rejected because: {details.RejectionMessage}",
            _ => null,
        };
        if (flag is null || details.OperatorFlag is not null)
        {
            return false;
        }
        await SaveAsync(details with { OperatorFlag = flag });
        logger.LogWarning("Order {OrderId} of integration {IntegrationId} is flagged for an operator: {Flag}", Id, details.IntegrationId, flag);
        return true;
    }

    /// <summary>
    /// The recruiter cancelled the order in the ATS. Nothing is written back (Kombo holds CANCELLED already), and an
    /// invitation that has not left yet is dropped with the order's state, in one transaction.
    /// </summary>
    private async Task CancelledInAtsAsync(OrderDetails details)
    {
        const string Note = "cancelled in the ATS (Kombo lists the order as CANCELLED)";
        await SaveAsync(details with
        {
            Status = OrderStatus.Cancelled,
            // A result still on its way to Kombo stays unwritten: Kombo takes none for a cancelled order.
            WriteBack = details.WriteBack is { Status: WriteStatus.Pending } pending
                ? pending with { Status = WriteStatus.Failed, LastError = $"Not written back: the order was {Note}." }
                : details.WriteBack,
            History = [.. details.History, new OrderEvent(OrderStatus.Cancelled, Now, Note)],
        }, work: c => InvitationOutbox.CancelAsync(c, Id));
        logger.LogInformation("Order {OrderId} of integration {IntegrationId} was cancelled in the ATS; its invitation, if not sent yet, is dropped",
            Id, details.IntegrationId);
    }

    public async Task RecordWriteBack(WriteBackReport report)
    {
        if (_state is not { } state || report.Revision != state.ResultRevision || state.Details.WriteBack is not { } current
            || current.Status != WriteStatus.Pending)
        {
            return;
        }
        await SaveAsync(state.Details with { WriteBack = new WriteBack(report.Status, report.Attempts, report.LastError, report.Warnings) });
        if (report.Status == WriteStatus.Failed)
        {
            logger.LogError("Order {OrderId} of integration {IntegrationId}: Kombo refused the result for good: {Error}",
                Id, state.Details.IntegrationId, report.LastError);
        }
    }

    private async Task SaveAsync(OrderDetails details, int? revision = null, Func<Npgsql.NpgsqlConnection, Task>? work = null)
    {
        var state = _state!;
        var next = new OrderState
        {
            Details = details,
            Decision = state.Decision,
            ReceivedAt = state.ReceivedAt,
            ResultRevision = revision ?? state.ResultRevision,
        };
        try
        {
            _version = await store.SaveAsync(next, _version, work);
        }
        catch (InconsistentStateException)
        {
            logger.LogWarning("Order {OrderId}: state changed under this activation; deactivating", Id);
            DeactivateOnIdle();
            throw;
        }
        _state = next;
    }
}
