namespace OrleansKombo.Benchmarks;

/// <summary>Runs <c>count</c> calls with at most <c>concurrency</c> in flight, each worker taking the next index.</summary>
public static class Concurrently
{
    public static async Task<T[]> RunAsync<T>(int count, int concurrency, Func<int, Task<T>> call)
    {
        var results = new T[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                results[i] = await call(i);
            }
        }));
        return results;
    }
}
