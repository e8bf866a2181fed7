namespace OrleansKombo.Benchmarks;

/// <summary>
/// A process's managed heap after its last collection, from its Prometheus /metrics (the runtime's own meter,
/// <c>dotnet_gc_last_collection_heap_size_bytes</c> summed over the generations): what the heap keeps, not what the GC
/// has yet to give back to the system. The one place benchmarks read it.
/// </summary>
public static class ManagedHeap
{
    /// <summary>The heap in MB, or null when the metrics cannot be read (no endpoint, no runtime meter, no collection yet).</summary>
    /// <param name="metrics">The /metrics URL, absolute or relative to <paramref name="http"/>'s base address.</param>
    public static async Task<double?> MegabytesAsync(HttpClient http, string metrics = "/metrics")
    {
        var bytes = (await PrometheusScrape.ReadAsync(http, metrics))?
            .Where(s => s.Name == "dotnet_gc_last_collection_heap_size_bytes")
            .Sum(s => s.Value) ?? 0;
        return bytes > 0 ? bytes / (1024 * 1024) : null;
    }

    /// <summary>"123 MB", or "-" when unknown.</summary>
    public static string Format(double? megabytes) => megabytes is { } mb ? $"{mb:0} MB" : "-";
}
