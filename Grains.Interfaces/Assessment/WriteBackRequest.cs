using OrleansKombo.Orders;

namespace OrleansKombo.Assessment;

/// <summary>
/// A result to write back for one order. <see cref="Revision"/> counts the order's results, so a report about an
/// older result never overwrites the state of a newer one.
/// </summary>
/// <param name="ApplicationId">
/// Set for an order started by a trigger rule: Kombo holds no assessment order for it, so the result goes into this
/// application (Kombo's id) through the ATS write endpoints instead.
/// </param>
[GenerateSerializer, Immutable]
public sealed record WriteBackRequest(string OrderId, int Revision, OrderResult Result, string? ApplicationId = null);
