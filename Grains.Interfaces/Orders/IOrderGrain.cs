using OrleansKombo.Webhooks;

namespace OrleansKombo.Orders;

/// <summary>One per Kombo assessment order id. The same order always gets the same decision.</summary>
public interface IOrderGrain : IGrainWithStringKey
{
    Task<OrderDecision> Receive(AssessmentOrderReceived order, bool inline);
}
