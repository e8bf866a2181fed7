using System.Diagnostics;
using System.Text.Json;

namespace OrleansKombo.Benchmarks;

/// <summary>Reads a whole model from Kombo (the sandbox) as fast as a client can: the ceiling for anything that syncs.</summary>
public static class SandboxPages
{
    public static async Task<(int Records, int Pages, long Bytes, TimeSpan Elapsed)> ReadAllAsync(HttpClient client, string model, int pageSize, int maxPages = int.MaxValue)
    {
        var watch = Stopwatch.StartNew();
        int records = 0, pages = 0;
        long bytes = 0;
        string? cursor = null;
        do
        {
            var path = cursor is null ? $"ats/{model}?page_size={pageSize}" : $"ats/{model}?page_size={pageSize}&cursor={cursor}";
            // Streamed into a pooled-buffer document: a byte[] per 500 kB page would churn the large-object heap.
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            bytes += response.Content.Headers.ContentLength ?? 0;
            await using var stream = await response.Content.ReadAsStreamAsync();
            using var page = await JsonDocument.ParseAsync(stream);
            var data = page.RootElement.GetProperty("data");
            records += data.GetProperty("results").GetArrayLength();
            cursor = data.GetProperty("next").GetString();
            pages++;
        }
        while (cursor is not null && pages < maxPages);
        return (records, pages, bytes, watch.Elapsed);
    }
}
