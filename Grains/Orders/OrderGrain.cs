using Microsoft.Extensions.Logging;
using Orleans.Storage;
using OrleansKombo.Assessment;
using OrleansKombo.Grains.Invitations;
using OrleansKombo.Orders;
using OrleansKombo.Webhooks;

namespace OrleansKombo.Grains.Orders;

/// <summary>
/// Owns one assessment order: the decision (made once by <see cref="OrderDecider"/>, kept for every repeat), the
/// invitation (through the outbox, in the decision's own transaction), the result and its write-back. The rules of the
/// order's life are <see cref="OrderTransitions"/>; the grain stores each change and does what goes with it.
/// </summary>
public sealed class OrderGrain(
    OrderStore store,
    OrderJobs jobs,
    InvitationOutbox outbox,
    InvitationSignal invitations,
    InvitationOptions invitationOptions,
    OrdersOptions options,
    IGrainFactory grains,
    TimeProvider clock,
    ILogger<OrderGrain> logger) : Grain, IOrderGrain
{
    private readonly OrderDecider _decider = new(new OrderFacts(grains, jobs), options, invitationOptions, clock);
    private OrderState? _state;
    private long _version;

    private string Id => this.GetPrimaryKeyString();

    private DateTimeOffset Now => clock.GetUtcNow();

    private OrderCommandAnswer NotFound => OrderCommandAnswer.Refuse(OrderCommandOutcome.NotFound, $"No order with id '{Id}' was received.");

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
        var (state, invitation) = await _decider.DecideAsync(Id, order, inline, source);
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

        if (state.Decision.RejectionMessage is not { } rejection)
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

    public async Task<OrderCommandAnswer> ResolveInvitation(bool delivered)
    {
        if (_state?.Details is not { } details)
        {
            return NotFound;
        }
        if (!delivered && !OrderTransitions.IsOpen(details))
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

    public async Task<OrderCommandAnswer> ResendInvitation()
    {
        if (_state?.Details is not { } details)
        {
            return NotFound;
        }
        if (!OrderTransitions.IsOpen(details))
        {
            return OrderCommandAnswer.Refuse(OrderCommandOutcome.Conflict,
                $"Order '{Id}' is {KomboJson.Name(details.Status)}; its invitation is not sent again.");
        }
        if (await outbox.ResendFailedAsync(Id, CancellationToken.None) is (false, var status))
        {
            return OrderCommandAnswer.Refuse(OrderCommandOutcome.Conflict, status is null
                ? $"Order '{Id}' has no invitation to send."
                : $"The invitation of order '{Id}' is {status}; only a {InvitationStatus.Failed} one is resent.");
        }
        logger.LogWarning("Order {OrderId} of integration {IntegrationId}: an operator resent the FAILED invitation", Id, details.IntegrationId);
        invitations.Notify();
        return OrderCommandAnswer.Accepted;
    }

    public async Task InvitationSent(DateTimeOffset sentAt)
    {
        if (_state?.Details is { } details && OrderTransitions.InvitationSent(details, sentAt) is { } next)
        {
            await SaveAsync(next);
            logger.LogInformation("Order {OrderId} of integration {IntegrationId}: candidate invited", Id, details.IntegrationId);
        }
    }

    public async Task<OrderCommandAnswer> SubmitResult(OrderResult result)
    {
        if (OrderResultRules.Problems(result) is { Count: > 0 } problems)
        {
            return OrderCommandAnswer.Refuse(OrderCommandOutcome.Invalid, string.Join(" ", problems));
        }
        return await WriteResultAsync(result, cancel: false);
    }

    /// <summary>Kombo needs a result_url even for a cancellation; the recruiter gets the order's page, not the candidate's link.</summary>
    public Task<OrderCommandAnswer> Cancel() => WriteResultAsync(new OrderResult(ResultStatus.Cancelled, _decider.Page(Id), Now), cancel: true);

    private async Task<OrderCommandAnswer> WriteResultAsync(OrderResult result, bool cancel)
    {
        if (_state is not { Details: var details } state)
        {
            return NotFound;
        }
        if (OrderTransitions.WhyNoResult(details) is { } conflict)
        {
            return OrderCommandAnswer.Refuse(OrderCommandOutcome.Conflict, conflict);
        }
        var revision = state.ResultRevision + 1;
        var next = OrderTransitions.WithResult(details, result, cancel, Now);
        await SaveAsync(next, revision, cancel ? c => InvitationOutbox.CancelAsync(c, Id) : null);
        if (next.WriteBack?.Status != WriteStatus.Pending)
        {
            logger.LogInformation("Order {OrderId} of integration {IntegrationId}: cancelled; nothing to write into the ATS", Id, details.IntegrationId);
            return OrderCommandAnswer.Accepted;
        }
        logger.LogInformation("Order {OrderId} of integration {IntegrationId}: {What} stored, writing it back", Id, details.IntegrationId,
            cancel ? "cancellation" : $"{KomboJson.Name(result.Status)} result");
        await QueueWriteBackAsync(details, revision, result);
        return OrderCommandAnswer.Accepted;
    }

    public async Task<OrderCommandAnswer> RetryWriteBack()
    {
        if (_state is not { Details: var details } state)
        {
            return NotFound;
        }
        if (OrderTransitions.WhyNoRetry(details) is { } conflict)
        {
            return OrderCommandAnswer.Refuse(OrderCommandOutcome.Conflict, conflict);
        }
        // A new revision: reports about the failed attempt can no longer touch the retry, and the assessment grain takes
        // it although it finished the same result before.
        var revision = state.ResultRevision + 1;
        await SaveAsync(OrderTransitions.ForRetry(details), revision);
        logger.LogInformation("Order {OrderId} of integration {IntegrationId}: retrying the failed write-back ({Error})", Id, details.IntegrationId,
            details.WriteBack!.LastError);
        await QueueWriteBackAsync(details, revision, details.Result!);
        return OrderCommandAnswer.Accepted;
    }

    private async Task QueueWriteBackAsync(OrderDetails details, int revision, OrderResult result)
    {
        var integrationId = details.IntegrationId;
        try
        {
            await GrainFactory.GetGrain<IAssessmentGrain>(integrationId).WriteResult(new WriteBackRequest(Id, revision, result, OrderTransitions.WritesInto(details)));
        }
        catch (Exception error)
        {
            // Stored as PENDING: the integration's assessment grain picks it up from the orders table on its next tick.
            logger.LogWarning("Order {OrderId} of integration {IntegrationId}: write-back not queued yet ({Error}); it resumes from the stored result",
                Id, integrationId, error.Message);
        }
    }

    public async Task<bool> SeenInKombo(string komboStatus)
    {
        if (_state?.Details is not { } details || OrderTransitions.SeenInKombo(details, komboStatus, Now) is not { } seen)
        {
            return false;
        }
        var (next, cancelled) = seen;
        if (cancelled)
        {
            // Nothing is written back (Kombo holds CANCELLED already), and an invitation that has not left yet is dropped
            // with the order's state, in one transaction.
            await SaveAsync(next, work: c => InvitationOutbox.CancelAsync(c, Id));
            logger.LogInformation("Order {OrderId} of integration {IntegrationId} was cancelled in the ATS; its invitation, if not sent yet, is dropped",
                Id, details.IntegrationId);
        }
        else
        {
            await SaveAsync(next);
            logger.LogWarning("Order {OrderId} of integration {IntegrationId} is flagged for an operator: {Flag}", Id, details.IntegrationId, next.OperatorFlag);
        }
        return true;
    }

    public async Task<bool> JobClosed(string jobState)
    {
        if (_state?.Details is not { } details || OrderTransitions.JobClosed(details, jobState) is not { } next)
        {
            return false;
        }
        await SaveAsync(next);
        logger.LogWarning("Order {OrderId} of integration {IntegrationId} is flagged for an operator: {Flag}", Id, details.IntegrationId, next.OperatorFlag);
        return true;
    }

    public async Task RecordWriteBack(WriteBackReport report)
    {
        if (_state is not { } state || OrderTransitions.WriteBackReported(state, report) is not { } next)
        {
            return;
        }
        await SaveAsync(next);
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
