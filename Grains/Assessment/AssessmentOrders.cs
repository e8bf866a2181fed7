using OrleansKombo.Assessment;
using OrleansKombo.Grains.Orders;
using OrleansKombo.Orders;
using OrleansKombo.Webhooks;

namespace OrleansKombo.Grains.Assessment;

/// <summary>One integration's orders as the orders table and the order grains hold them.</summary>
public sealed class AssessmentOrders(string integrationId, OrderStore store, IGrainFactory grains) : IAssessmentOrders
{
    public Task<IReadOnlyList<WriteBackRequest>> PendingWriteBacksAsync(int limit, CancellationToken cancellationToken) =>
        store.PendingWriteBacksAsync(integrationId, limit, cancellationToken);

    public Task<IReadOnlyList<string>> FailedWriteBacksAsync(string afterId, int limit, CancellationToken cancellationToken) =>
        store.FailedWriteBacksAsync(integrationId, afterId, limit, cancellationToken);

    public Task<IReadOnlyList<string>> OpenIdsAsync(string afterId, int limit, CancellationToken cancellationToken) =>
        store.OpenIdsAsync(integrationId, afterId, limit, cancellationToken);

    public Task<IReadOnlyDictionary<string, (OrderStatus Status, bool Flagged)>> StatusesAsync(IReadOnlyCollection<string> ids,
        CancellationToken cancellationToken) => store.StatusesAsync(ids, cancellationToken);

    public Task RecordWriteBackAsync(string orderId, WriteBackReport report) => Order(orderId).RecordWriteBack(report);

    public Task<OrderCommandAnswer> RetryWriteBackAsync(string orderId) => Order(orderId).RetryWriteBack();

    public Task<OrderDecision> DiscoverAsync(AssessmentOrderReceived order) => Order(order.Id).Discover(order);

    public Task<bool> SeenInKomboAsync(string orderId, string komboStatus) => Order(orderId).SeenInKombo(komboStatus);

    private IOrderGrain Order(string orderId) => grains.GetGrain<IOrderGrain>(orderId);
}
