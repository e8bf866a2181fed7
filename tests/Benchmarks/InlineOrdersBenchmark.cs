using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Kombo.Sandbox.Assessment;
using Kombo.Sandbox.Integrations;
using Kombo.Sandbox.Json;
using Kombo.Sandbox.Webhooks;
using Npgsql;
using static OrleansKombo.Benchmarks.BenchmarkProcesses;

namespace OrleansKombo.Benchmarks;

/// <summary>
/// Inline orders against a fresh system of their own (as <see cref="OrdersBenchmark"/> builds it: an in-process
/// Kombo sandbox, one silo and one gateway from the Release build, a fresh database): signed
/// <c>inline-assessment:order-received</c> webhooks at a fixed concurrency, each timed until our 200 with
/// <c>{"assessment_url"}</c>. ATSs give up after 15 to 30 s; our target is 1 s at p99. Then every order must be INVITED
/// once with its link, and a repeat must get the same link.
/// </summary>
public sealed class InlineOrdersBenchmark : IBenchmark
{
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(1);

    public string Name => "inline";

    public string Description =>
        "N inline orders answered with their assessment_url, on a silo and gateway of their own; prints orders/s, p50/p99 " +
        "against the 1 s target, and any non-200 (--count 2000 --concurrency 16 --email false --postgres)";

    public async Task<int> RunAsync(BenchmarkArguments args)
    {
        var count = args.Int("count", 2_000);
        var concurrency = args.Int("concurrency", 16);
        var email = bool.Parse(args.String("email", "false"));
        await using var system = await BenchSystem.StartAsync(args, Name, new BenchSystemOptions
        {
            MaxPoolSize = 200,
            // Without --email nothing is mailed, so no SMTP server is needed; the port is never dialled.
            MailDev = email,
            SiloSettings = new Dictionary<string, string> { ["Orders__EmailInlineCandidates"] = email ? "true" : "false" },
            SandboxWebhooks = true,
            HttpConcurrency = concurrency,
        });
        var (run, sandbox, http, db) = (system.Run, system.Sandbox, system.Http, system.Db);

        var integration = sandbox.CreateIntegration(new IntegrationSpec { Ready = true });
        await Wait.UntilAsync(async () => (await http.GetAsync($"/api/integrations/{integration.Id}")).IsSuccessStatusCode, "the integration is known", 60);
        (await http.PutAsJsonAsync($"/api/integrations/{integration.Id}/packages",
            new { packages = new[] { new { id = "bench-skills", type = "SKILLS_TEST", name = "Skills test", description = "Bench" } } })).EnsureSuccessStatusCode();
        await Wait.UntilAsync(() => Task.FromResult(integration.Assessment.Packages.Count == 1), "Kombo has the package set", 60);

        Console.WriteLine($"inline: {count} inline orders, concurrency {concurrency}, email {(email ? "on" : "off")}; " +
            $"1 silo + 1 gateway (Release, separate processes), PostgreSQL; {Environment.ProcessorCount} cores");
        // Not timed: the JIT, the connection pools and the grains' first activations.
        await SendAllAsync(http, await OrdersAsync(integration, 200, $"warm-{run}"), concurrency);

        var orders = await OrdersAsync(integration, count, run);
        var cpu = await system.MeterAsync();
        var clock = Stopwatch.StartNew();
        var answers = await SendAllAsync(http, orders, concurrency);
        clock.Stop();

        var latency = new LatencyStats(answers.Select(a => a.Milliseconds));
        var notOk = answers.Where(a => a.Status != HttpStatusCode.OK).GroupBy(a => a.Status).ToList();
        var badBodies = answers.Where((a, i) => a.Status == HttpStatusCode.OK && !IsLinkFor(a.Link, orders[i].Id)).Count();
        Console.WriteLine($"  {count / clock.Elapsed.TotalSeconds,8:N0} orders/s  ({count} in {clock.Elapsed.TotalSeconds:0.00} s)");
        Console.WriteLine($"  latency {latency}");
        cpu.Print(count, "order");
        Console.WriteLine($"  target p99 < {Target.TotalMilliseconds:0} ms: {(latency.Percentile(99) < Target.TotalMilliseconds ? "met" : "NOT met")}");
        Console.WriteLine($"  answers other than 200: {(notOk.Count == 0 ? "none" : string.Join(", ", notOk.Select(g => $"{(int)g.Key} x{g.Count()}")))}");
        Console.WriteLine($"  200s without {{\"assessment_url\"}} to the order's page: {badBodies}");

        // Every order decided once and INVITED; an outbox row only when inline candidates are emailed.
        var ids = orders.Select(o => o.Id).ToArray();
        var invited = await ScalarAsync(db, "SELECT count(*) FROM orders WHERE id = ANY(@ids) AND status = 'INVITED'", ids);
        var outbox = await ScalarAsync(db, "SELECT count(*) FROM invitation_outbox WHERE order_id = ANY(@ids)", ids);
        Console.WriteLine($"  orders INVITED: {invited} of {count}; outbox rows: {outbox} (expected {(email ? count : 0)})");

        // A repeat (a new event for the same order, as Kombo would send after a timeout) gets the same link.
        var sample = Math.Min(count, 200);
        var repeats = await SendAllAsync(http, orders.Take(sample).ToList(), concurrency, eventSuffix: "again");
        var sameLink = repeats.Where((r, i) => r.Status == HttpStatusCode.OK && r.Link == answers[i].Link).Count();
        Console.WriteLine($"  repeats with the same link: {sameLink} of {sample} (latency {new LatencyStats(repeats.Select(r => r.Milliseconds))})");

        var correct = notOk.Count == 0 && badBodies == 0 && invited == count && outbox == (email ? count : 0) && sameLink == sample;
        return correct ? 0 : 1;
    }

    private sealed record Answer(HttpStatusCode Status, string? Link, double Milliseconds);

    /// <summary>Orders placed in the sandbox without a webhook; this benchmark delivers them itself, timed.</summary>
    private static async Task<List<AssessmentOrder>> OrdersAsync(SandboxIntegration integration, int count, string run)
    {
        var orders = new List<AssessmentOrder>(count);
        for (var i = 0; i < count; i++)
        {
            orders.Add(await integration.CreateOrderAsync(new OrderSpec
            {
                PackageId = "bench-skills", CandidateEmail = $"inline+{run}-{i}@example.com", FirstName = "Ada", LastName = $"Inline {i}",
                JobName = "Analyst", JobRemoteId = "job-1", Inline = true, DeliverWebhook = false,
            }));
        }
        return orders;
    }

    private static Task<Answer[]> SendAllAsync(HttpClient http, IReadOnlyList<AssessmentOrder> orders, int concurrency, string eventSuffix = "")
    {
        // Signed up front, so the timed loop measures our answer, not the load generator's HMAC.
        var bodies = orders.Select(o => JsonSerializer.SerializeToUtf8Bytes(new
        {
            id = $"evt-{o.Id}{eventSuffix}", type = "inline-assessment:order-received", data = OrderReceivedData.From(o),
        }, SandboxJson.Options)).Select(b => (Body: b, Signature: WebhookSignature.Compute(Secret, b))).ToArray();
        return Concurrently.RunAsync(bodies.Length, concurrency, async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/kombo") { Content = new ByteArrayContent(bodies[i].Body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("X-Kombo-Signature", bodies[i].Signature);
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return new Answer(response.StatusCode, LinkIn(body), elapsed);
        });
    }

    private static string? LinkIn(string body)
    {
        try
        {
            using var answer = JsonDocument.Parse(body);
            return answer.RootElement.ValueKind == JsonValueKind.Object && answer.RootElement.EnumerateObject().Count() == 1
                && answer.RootElement.TryGetProperty("assessment_url", out var url) ? url.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsLinkFor(string? link, string orderId) =>
        link is not null && link.Contains($"/{Uri.EscapeDataString(orderId)}?token=", StringComparison.Ordinal);

    private static async Task<long> ScalarAsync(NpgsqlDataSource db, string sql, string[] ids)
    {
        await using var command = db.CreateCommand(sql);
        command.Parameters.AddWithValue("ids", ids);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
