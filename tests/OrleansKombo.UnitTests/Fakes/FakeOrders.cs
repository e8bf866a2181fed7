using OrleansKombo.Assessment;
using OrleansKombo.Grains.Assessment;
using OrleansKombo.Orders;
using OrleansKombo.Webhooks;

namespace OrleansKombo.UnitTests.Fakes;

/// <summary>
/// One integration's orders for the assessment helpers: rows the test sets up (status, flag, write-back), and every call
/// that would reach an order grain, recorded. It decides nothing the order grain decides: it answers as told.
/// </summary>
public sealed class FakeOrders : IAssessmentOrders
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, Row> _rows = new(StringComparer.Ordinal);
    private readonly List<(string OrderId, WriteBackReport Report)> _reports = [];
    private readonly List<(string OrderId, string Status)> _seen = [];
    private readonly List<string> _discovered = [];
    private readonly List<string> _retried = [];

    public sealed record Row(OrderStatus Status, bool Flagged = false, WriteStatus? WriteBack = null, WriteBackRequest? Pending = null);

    /// <summary>Whether a discovered order is accepted; every one by default.</summary>
    public Func<AssessmentOrderReceived, bool> Accepts { get; set; } = _ => true;

    /// <summary>Whether an order changes when told what Kombo lists it as; true by default.</summary>
    public Func<string, string, bool> ChangesWhenSeen { get; set; } = (_, _) => true;

    /// <summary>An order that would fail when its grain is called (unreachable), by id.</summary>
    public Func<string, bool> Unreachable { get; set; } = _ => false;

    public void Set(string id, Row row)
    {
        lock (_lock)
        {
            _rows[id] = row;
        }
    }

    public IReadOnlyList<(string OrderId, WriteBackReport Report)> Reports { get { lock (_lock) { return [.. _reports]; } } }

    public IReadOnlyList<(string OrderId, string Status)> Seen { get { lock (_lock) { return [.. _seen]; } } }

    public IReadOnlyList<string> Discovered { get { lock (_lock) { return [.. _discovered]; } } }

    public IReadOnlyList<string> Retried { get { lock (_lock) { return [.. _retried]; } } }

    public Task<IReadOnlyList<WriteBackRequest>> PendingWriteBacksAsync(int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<WriteBackRequest>>(
                _rows.Values.Where(r => r.WriteBack == WriteStatus.Pending && r.Pending is not null).Select(r => r.Pending!).Take(limit).ToList());
        }
    }

    public Task<IReadOnlyList<string>> FailedWriteBacksAsync(string afterId, int limit, CancellationToken cancellationToken) =>
        Ids(r => r.WriteBack == WriteStatus.Failed, afterId, limit);

    public Task<IReadOnlyList<string>> OpenIdsAsync(string afterId, int limit, CancellationToken cancellationToken) =>
        Ids(r => r.Status is OrderStatus.Received or OrderStatus.Invited, afterId, limit);

    public Task<IReadOnlyDictionary<string, (OrderStatus Status, bool Flagged)>> StatusesAsync(IReadOnlyCollection<string> ids,
        CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyDictionary<string, (OrderStatus, bool)>>(
                _rows.Where(r => ids.Contains(r.Key)).ToDictionary(r => r.Key, r => (r.Value.Status, r.Value.Flagged)));
        }
    }

    public Task RecordWriteBackAsync(string orderId, WriteBackReport report)
    {
        lock (_lock)
        {
            _reports.Add((orderId, report));
        }
        return Unreachable(orderId) ? Task.FromException(new TimeoutException($"order {orderId} unreachable")) : Task.CompletedTask;
    }

    public Task<OrderCommandAnswer> RetryWriteBackAsync(string orderId)
    {
        lock (_lock)
        {
            _retried.Add(orderId);
        }
        return Task.FromResult(OrderCommandAnswer.Accepted);
    }

    public Task<OrderDecision> DiscoverAsync(AssessmentOrderReceived order)
    {
        lock (_lock)
        {
            _discovered.Add(order.Id);
        }
        if (Unreachable(order.Id))
        {
            return Task.FromException<OrderDecision>(new TimeoutException($"order {order.Id} unreachable"));
        }
        return Task.FromResult(Accepts(order) ? OrderDecision.Accept("https://assessments.example/take") : OrderDecision.Reject("not offered"));
    }

    public Task<bool> SeenInKomboAsync(string orderId, string komboStatus)
    {
        lock (_lock)
        {
            _seen.Add((orderId, komboStatus));
        }
        return Task.FromResult(ChangesWhenSeen(orderId, komboStatus));
    }

    private Task<IReadOnlyList<string>> Ids(Func<Row, bool> which, string afterId, int limit)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<string>>(
                _rows.Where(r => which(r.Value) && string.CompareOrdinal(r.Key, afterId) > 0).Select(r => r.Key).Take(limit).ToList());
        }
    }
}
