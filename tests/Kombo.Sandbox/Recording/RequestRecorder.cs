namespace Kombo.Sandbox.Recording;

/// <summary>Keeps the most recent requests to <c>/v1</c> so tests can assert exactly what a client asked for.</summary>
public sealed class RequestRecorder(int capacity)
{
    private readonly LinkedList<RecordedRequest> requests = new();
    private long sequence;

    public void Add(Func<long, RecordedRequest> create)
    {
        lock (requests)
        {
            requests.AddLast(create(++sequence));
            if (requests.Count > capacity)
            {
                requests.RemoveFirst();
            }
        }
    }

    public IReadOnlyList<RecordedRequest> Query(RequestQuery? query = null)
    {
        query ??= new RequestQuery();
        lock (requests)
        {
            return requests.Where(r => r.Sequence > query.After
                && (query.IntegrationId is null || r.IntegrationId == query.IntegrationId)
                && (query.PathPrefix is null || r.Path.StartsWith(query.PathPrefix, StringComparison.OrdinalIgnoreCase))
                && (query.Method is null || string.Equals(r.Method, query.Method, StringComparison.OrdinalIgnoreCase))).ToList();
        }
    }

    public void Clear()
    {
        lock (requests)
        {
            requests.Clear();
        }
    }
}
