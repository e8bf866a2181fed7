using OrleansKombo.Webhooks;

namespace OrleansKombo.Orders;

/// <summary>
/// An order as <c>GET /api/orders/{id}</c> shows it (CONTRACT.md §3), stored as such by the order grain. The
/// candidate never carries a phone number. <see cref="OperatorFlag"/> says why an order found by reconciliation
/// was not taken, so an operator can follow up with the customer (Kombo still lists it as OPEN).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record OrderDetails(
    string Id,
    string IntegrationId,
    string PackageId,
    OrderStatus Status,
    OrderSource Source,
    bool Inline,
    OrderCandidate Candidate,
    OrderApplication? Application,
    OrderJob? Job,
    string? RejectionMessage,
    string? OperatorFlag,
    Invitation? Invitation,
    OrderResult? Result,
    WriteBack? WriteBack,
    IReadOnlyList<OrderEvent> History);
