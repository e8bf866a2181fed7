using OrleansKombo.Orders;

namespace OrleansKombo.Grains.Orders;

/// <summary>
/// What an order grain remembers, stored as its row of <c>orders</c> (see OrderStore). <see cref="Details"/> is the
/// public view the internal API serves as is; the decision is kept apart so every repeat gets it unchanged.
/// </summary>
public sealed class OrderState
{
    public required OrderDetails Details { get; set; }

    public required OrderDecision Decision { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>How many results were submitted; write-back reports name the one they are about.</summary>
    public int ResultRevision { get; set; }
}
