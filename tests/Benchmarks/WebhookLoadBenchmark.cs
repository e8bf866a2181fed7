using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Kombo.Sandbox.Webhooks;
using Npgsql;

namespace OrleansKombo.Benchmarks;

/// <summary>
/// Signed sync-finished webhooks at a fixed concurrency against a running gateway and silo (./run.sh), then a
/// check of the inbox: every event recorded once, processed once.
/// </summary>
public sealed class WebhookLoadBenchmark : IBenchmark
{
    public string Name => "webhooks";

    public string Description =>
        "N signed sync-finished webhooks at concurrency C against ./run.sh; prints events/s, p50/p99, lost and doubled " +
        "(--count 20000 --concurrency 32 --integrations 500 --url --secret --postgres)";

    public async Task<int> RunAsync(BenchmarkArguments args)
    {
        var count = args.Int("count", 20_000);
        var concurrency = args.Int("concurrency", 32);
        var integrations = args.Int("integrations", 500);
        var warmup = args.Int("warmup", 1_000);
        var url = RunningSystem.GatewayUrl(args);
        var secret = RunningSystem.WebhookSecret(args);
        var run = Guid.NewGuid().ToString("N")[..8];

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(url),
        };

        Console.WriteLine($"webhooks: {count} sync-finished events for {integrations} integrations, concurrency {concurrency}, against {url}");
        var warm = Build(warmup, integrations, $"{run}w", secret);
        await SendAll(http, warm, concurrency);

        var events = Build(count, integrations, run, secret);
        var latencies = new double[count];
        var statuses = new HttpStatusCode[count];
        var clock = Stopwatch.StartNew();
        await SendAll(http, events, concurrency, latencies, statuses);
        clock.Stop();

        var failed = statuses.Count(s => s != HttpStatusCode.OK);
        Console.WriteLine($"  {count / clock.Elapsed.TotalSeconds:N0} events/s ({count} in {clock.Elapsed.TotalSeconds:0.00} s)");
        Console.WriteLine($"  latency {new LatencyStats(latencies)}");
        Console.WriteLine($"  answers other than 200: {failed}");

        var (recorded, processedOnce, doubled) = await CheckInbox(RunningSystem.Postgres(args), events.Select(e => e.Id).ToArray());
        var lost = count - recorded;
        Console.WriteLine($"  inbox: {recorded} recorded, {processedOnce} processed exactly once, {lost} lost, {doubled} processed more than once");
        return failed == 0 && lost == 0 && doubled == 0 && processedOnce == count ? 0 : 1;
    }

    private sealed record SignedEvent(string Id, byte[] Body, string Signature);

    private static SignedEvent[] Build(int count, int integrations, string run, string secret)
    {
        var now = DateTimeOffset.UtcNow;
        return Enumerable.Range(0, count).Select(i =>
        {
            var id = $"bench-{run}-{i}";
            var integration = $"bench:{run}-{i % integrations}";
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
                    integration_id = integration,
                    integration_tool = "bench",
                    integration_category = "ATS",
                    end_user = new { organization_name = "Bench", creator_email = (string?)null, origin_id = (string?)null },
                    log_url = "https://app.kombo.dev/logs/bench",
                },
            });
            var signature = WebhookSignature.Compute(secret, body);
            return new SignedEvent(id, body, signature);
        }).ToArray();
    }

    private static async Task SendAll(HttpClient http, SignedEvent[] events, int concurrency,
        double[]? latencies = null, HttpStatusCode[]? statuses = null)
    {
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
                using var response = await http.SendAsync(request);
                if (latencies is not null)
                {
                    latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    statuses![i] = response.StatusCode;
                }
            }
        }));
    }

    private static async Task<(int Recorded, int ProcessedOnce, int Doubled)> CheckInbox(string postgres, string[] ids)
    {
        await using var dataSource = NpgsqlDataSource.Create(postgres);
        await using var command = dataSource.CreateCommand("""
            SELECT count(*)::int,
                   count(*) FILTER (WHERE status = 'PROCESSED' AND attempts = 1)::int,
                   count(*) FILTER (WHERE attempts > 1)::int
              FROM webhook_inbox WHERE id = ANY(@ids)
            """);
        command.Parameters.AddWithValue("ids", ids);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
    }
}
