namespace OrleansKombo.Orders;

/// <summary>
/// Kombo's <c>status</c> of an assessment order as <c>GET /assessment/orders</c> lists it and filters by it
/// (<c>statuses=</c>): Kombo's names, which are not our <see cref="OrderStatus"/>.
/// </summary>
public static class KomboOrderStatus
{
    public const string Open = "OPEN";
    public const string Completed = "COMPLETED";
    public const string Cancelled = "CANCELLED";
    public const string Rejected = "REJECTED";

    /// <summary>The statuses that close an order.</summary>
    public static IReadOnlyList<string> Closed { get; } = [Completed, Cancelled, Rejected];
}
