using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Kombo.Sandbox.Webhooks;

namespace OrleansKombo.Benchmarks;

/// <summary>Signed sync-finished webhooks for integrations that exist in the run's sandbox, and their delivery at a concurrency.</summary>
public static class SyncFinishedEvents
{
    public sealed record SignedEvent(string Id, byte[] Body, string Signature);

    /// <summary><paramref name="count"/> events, round-robin over <paramref name="integrations"/>, each a new Kombo sync.</summary>
    public static SignedEvent[] Build(int count, IReadOnlyList<string> integrations, string run, string secret)
    {
        var now = DateTimeOffset.UtcNow;
        return Enumerable.Range(0, count).Select(i =>
        {
            var id = $"bench-{run}-{i}";
            var body = JsonSerializer.SerializeToUtf8Bytes(new
            {
                id,
                type = "sync-finished",
                data = new
                {
                    sync_id = $"sync-{run}-{i}",
                    sync_state = "SUCCEEDED",
                    sync_started_at = now.AddSeconds(i - 60),
                    sync_ended_at = now.AddSeconds(i),
                    sync_duration_seconds = 60,
                    integration_id = integrations[i % integrations.Count],
                    integration_tool = "bench",
                    integration_category = "ATS",
                    end_user = new { organization_name = "Bench", creator_email = (string?)null, origin_id = (string?)null },
                    log_url = "https://app.kombo.dev/logs/bench",
                },
            });
            return new SignedEvent(id, body, WebhookSignature.Compute(secret, body));
        }).ToArray();
    }

    /// <summary>Posts every event to the gateway, <paramref name="concurrency"/> at a time; latencies (ms) and statuses per event.</summary>
    public static async Task<(double[] Latencies, HttpStatusCode[] Statuses)> SendAllAsync(HttpClient http, SignedEvent[] events, int concurrency)
    {
        var latencies = new double[events.Length];
        var statuses = new HttpStatusCode[events.Length];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < events.Length)
            {
                var started = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/kombo")
                {
                    Content = new ByteArrayContent(events[i].Body) { Headers = { { "Content-Type", "application/json" } } },
                };
                request.Headers.Add("X-Kombo-Signature", events[i].Signature);
                try
                {
                    using var response = await http.SendAsync(request);
                    statuses[i] = response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    statuses[i] = 0;
                }
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));
        return (latencies, statuses);
    }
}
