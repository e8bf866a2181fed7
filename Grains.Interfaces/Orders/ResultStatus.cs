namespace OrleansKombo.Orders;

/// <summary>The statuses Kombo's result write takes; OPEN updates a result without finishing the order.</summary>
public enum ResultStatus
{
    Completed,
    Cancelled,
    Open,
}
