using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansKombo.Grains.Kombo;

namespace OrleansKombo.UnitTests.Fakes;

/// <summary>
/// Kombo's API as the grains' helpers see it (<see cref="IKomboApi"/>): writes answer what the test says, and
/// <c>GET /assessment/orders</c> serves <see cref="Orders"/> with Kombo's filters (<c>statuses</c>, <c>ids</c>) and cursor paging.
/// </summary>
public sealed class FakeKombo : IKomboApi
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, JsonObject> _orders = new(StringComparer.Ordinal);
    private readonly List<string> _calls = [];

    /// <summary>Answers <c>PUT /assessment/packages</c>; acknowledges by default.</summary>
    public Func<KomboPackagesBody, Task<KomboResponse<object>>> OnSetPackages { get; set; } = _ => Task.FromResult(Ok());

    /// <summary>Answers <c>PUT /assessment/orders/{id}/result</c>; acknowledges by default.</summary>
    public Func<string, KomboResultBody, Task<KomboResponse<object>>> OnResult { get; set; } = (_, _) => Task.FromResult(Ok());

    /// <summary>When set, answers <c>GET /assessment/orders</c> before the orders are served (throw to fail the call).</summary>
    public Action<IDictionary<string, string>>? BeforeListOrders { get; set; }

    /// <summary>Every call, as <c>METHOD path?query</c>, in order.</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    public void AddOrder(string id, string status, JsonObject? more = null)
    {
        var order = more ?? new JsonObject();
        order["id"] = id;
        order["status"] = status;
        lock (_lock)
        {
            _orders[id] = order;
        }
    }

    public static KomboResponse<object> Ok(params string[] warnings) =>
        new("success", new object(), warnings.Select(w => new KomboWarning(w)).ToList());

    /// <summary>Kombo's error envelope as our client reads it (KomboExceptionFactory).</summary>
    public static KomboApiException Error(HttpStatusCode status, string? code, string message = "refused", TimeSpan? retryAfter = null) =>
        new(status, code, message, null, retryAfter);

    public Task<KomboResponse<KomboPage>> ListAsync(string path, IDictionary<string, string> query, string integrationId,
        CancellationToken cancellationToken) => throw new NotSupportedException("The assessment helpers never read ATS models.");

    public Task<KomboResponse<object>> SetPackagesAsync(KomboPackagesBody packages, string integrationId, CancellationToken cancellationToken)
    {
        Record($"PUT /assessment/packages ({packages.Packages.Count})");
        return OnSetPackages(packages);
    }

    public Task<KomboResponse<KomboPage>> ListOrdersAsync(IDictionary<string, string> query, string integrationId, CancellationToken cancellationToken)
    {
        Record("GET /assessment/orders?" + string.Join('&', query.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
        BeforeListOrders?.Invoke(query);
        lock (_lock)
        {
            IEnumerable<JsonObject> matching = _orders.Values;
            if (query.TryGetValue("statuses", out var statuses))
            {
                var wanted = statuses.Split(',');
                matching = matching.Where(o => wanted.Contains((string?)o["status"]));
            }
            if (query.TryGetValue("ids", out var ids))
            {
                var wanted = ids.Split(',');
                matching = matching.Where(o => wanted.Contains((string?)o["id"]));
            }
            var size = query.TryGetValue("page_size", out var pageSize) ? int.Parse(pageSize, CultureInfo.InvariantCulture) : 100;
            var from = query.TryGetValue("cursor", out var cursor) ? int.Parse(cursor, CultureInfo.InvariantCulture) : 0;
            var all = matching.ToList();
            var page = all.Skip(from).Take(size).Select(o => JsonSerializer.SerializeToElement(o)).ToList();
            var next = from + size < all.Count ? (from + size).ToString(CultureInfo.InvariantCulture) : null;
            return Task.FromResult(new KomboResponse<KomboPage>("success", new KomboPage(next, page), null));
        }
    }

    public Task<KomboResponse<object>> UpdateOrderResultAsync(string orderId, KomboResultBody result, string integrationId,
        CancellationToken cancellationToken)
    {
        Record($"PUT /assessment/orders/{orderId}/result {result.Status}");
        return OnResult(orderId, result);
    }

    public Task<KomboResponse<object>> PostApplicationActionAsync(string applicationId, string action, object body, string integrationId,
        CancellationToken cancellationToken) => throw new NotSupportedException("The assessment helpers never post application actions.");

    public Task<KomboResponse<JsonElement>> GetIntegrationAsync(string integrationId, string integrationHeader, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The assessment helpers never read the integration's details.");

    public Task<KomboResponse<object>> MoveApplicationToStageAsync(string applicationId, AtsStageBody body, string integrationId,
        CancellationToken cancellationToken) => throw new NotSupportedException("The assessment helpers never move applications.");

    public Task<KomboResponse<object>> AddCandidateTagAsync(string candidateId, AtsTagBody body, string integrationId,
        CancellationToken cancellationToken) => throw new NotSupportedException("The assessment helpers never tag candidates.");

    private void Record(string call)
    {
        lock (_lock)
        {
            _calls.Add(call);
        }
    }
}
