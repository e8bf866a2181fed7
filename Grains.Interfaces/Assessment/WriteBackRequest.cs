using OrleansKombo.Orders;

namespace OrleansKombo.Assessment;

/// <summary>
/// A result to write back for one order. <see cref="Revision"/> counts the order's results, so a report about an
/// older result never overwrites the state of a newer one.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record WriteBackRequest(string OrderId, int Revision, OrderResult Result);
