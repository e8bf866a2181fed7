using OrleansKombo.Assessment;
using OrleansKombo.Orders;
using OrleansKombo.Webhooks;

namespace OrleansKombo.Grains.Assessment;

/// <summary>
/// What the assessment grain's write-backs and reconciliation need of one integration's orders: the orders table's
/// queues (<see cref="AssessmentOrders"/> reads them from OrderStore) and the order grains, which decide every change
/// of an order. A test gives them an in-memory one instead of PostgreSQL and a cluster.
/// </summary>
public interface IAssessmentOrders
{
    /// <summary>Up to <paramref name="limit"/> results still to be written back, oldest orders first.</summary>
    Task<IReadOnlyList<WriteBackRequest>> PendingWriteBacksAsync(int limit, CancellationToken cancellationToken);

    /// <summary>The next <paramref name="limit"/> ids after <paramref name="afterId"/> of orders whose write-back FAILED.</summary>
    Task<IReadOnlyList<string>> FailedWriteBacksAsync(string afterId, int limit, CancellationToken cancellationToken);

    /// <summary>The next <paramref name="limit"/> ids after <paramref name="afterId"/> of orders we hold open.</summary>
    Task<IReadOnlyList<string>> OpenIdsAsync(string afterId, int limit, CancellationToken cancellationToken);

    /// <summary>Of <paramref name="ids"/>, the orders we have: their status and whether an operator is asked to look.</summary>
    Task<IReadOnlyDictionary<string, (OrderStatus Status, bool Flagged)>> StatusesAsync(IReadOnlyCollection<string> ids,
        CancellationToken cancellationToken);

    /// <summary>Tells the order how its write-back went (<see cref="IOrderGrain.RecordWriteBack"/>).</summary>
    Task RecordWriteBackAsync(string orderId, WriteBackReport report);

    /// <summary>Has the order write its FAILED write-back again, if it may (<see cref="IOrderGrain.RetryWriteBack"/>).</summary>
    Task<OrderCommandAnswer> RetryWriteBackAsync(string orderId);

    /// <summary>An order Kombo lists as OPEN that we never received, decided now (<see cref="IOrderGrain.Discover"/>).</summary>
    Task<OrderDecision> DiscoverAsync(AssessmentOrderReceived order);

    /// <summary>What Kombo lists the order as (<see cref="IOrderGrain.SeenInKombo"/>); whether the order changed.</summary>
    Task<bool> SeenInKomboAsync(string orderId, string komboStatus);
}
