namespace OrleansKombo.Orders;

public enum OrderCommandOutcome
{
    Accepted,
    NotFound,
    Invalid,
    Conflict,
}
