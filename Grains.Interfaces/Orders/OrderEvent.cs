namespace OrleansKombo.Orders;

/// <summary>One entry of an order's history: the status it moved to, when, and why when that helps.</summary>
[GenerateSerializer, Immutable]
public sealed record OrderEvent(OrderStatus Status, DateTimeOffset At, string? Note);
