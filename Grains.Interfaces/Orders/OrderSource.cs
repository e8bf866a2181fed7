namespace OrleansKombo.Orders;

/// <summary>How we learnt of an order: its webhook, or reconciliation finding it OPEN in Kombo.</summary>
public enum OrderSource
{
    Webhook,
    Reconciliation,
}
