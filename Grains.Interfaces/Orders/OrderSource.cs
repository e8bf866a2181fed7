namespace OrleansKombo.Orders;

/// <summary>How we learnt of an order: its webhook, reconciliation finding it OPEN in Kombo, or a trigger rule.</summary>
public enum OrderSource
{
    Webhook,
    Reconciliation,

    /// <summary>Started by one of the integration's trigger rules (issue 12), or an operator's re-trigger.</summary>
    Trigger,
}
