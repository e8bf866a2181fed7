using System.Net.Mail;
using Microsoft.Extensions.Logging;
using OrleansKombo.Orders;
using OrleansKombo.Webhooks;

namespace OrleansKombo.Grains.Orders;

public sealed class OrderGrain(
    [PersistentState("order", StorageNames.Postgres)] IPersistentState<OrderState> state,
    TimeProvider clock,
    ILogger<OrderGrain> logger) : Grain, IOrderGrain
{
    public async Task<OrderDecision> Receive(AssessmentOrderReceived order, bool inline)
    {
        if (state.State.Decision is { } decided)
        {
            return decided;
        }

        var decision = Decide(order);
        // The phone number is not ours to keep: the assessment needs an email, nothing more.
        state.State.Order = order with { Candidate = order.Candidate with { Phone = null } };
        state.State.Inline = inline;
        state.State.ReceivedAt = clock.GetUtcNow();
        state.State.Decision = decision;
        await state.WriteStateAsync();

        logger.LogInformation("Order {OrderId} for integration {IntegrationId} {Outcome}{Reason}",
            order.Id, order.IntegrationId, decision.Accepted ? "accepted" : "rejected",
            decision.RejectionMessage is null ? "" : ": " + decision.RejectionMessage);
        return decision;
    }

    private static OrderDecision Decide(AssessmentOrderReceived order)
    {
        if (!MailAddress.TryCreate(order.Candidate.Email, out _))
        {
            return OrderDecision.Reject(
                "The candidate has no valid email address in the ATS, so we cannot send the assessment. Add one and order again.");
        }
        return OrderDecision.Accept($"https://assessments.example.com/take/{Uri.EscapeDataString(order.Id)}");
    }
}
