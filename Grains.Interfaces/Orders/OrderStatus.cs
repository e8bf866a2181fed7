namespace OrleansKombo.Orders;

/// <summary>RECEIVED → INVITED → COMPLETED or CANCELLED; or REJECTED at once.</summary>
public enum OrderStatus
{
    Received,
    Rejected,
    Invited,
    Completed,
    Cancelled,
}
