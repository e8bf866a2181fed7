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
/// Assessment orders end to end on real processes: an in-process Kombo sandbox, one silo and one gateway started
/// from the Release build (as ./run.sh runs them), maildev as the SMTP sink, and a fresh database. Orders are
/// placed in the sandbox and their signed webhooks posted at a fixed concurrency; then every invitation must reach
/// maildev and every result be written back to the sandbox, each exactly once.
/// </summary>
public sealed class OrdersBenchmark : IBenchmark
{
    public string Name => "orders";

    public string Description =>
        "N orders received, invited (SMTP to maildev) and written back, on a silo and gateway of their own; prints orders/s per phase, " +
        "lost and doubled (--count 5000 --concurrency 32 --write-delay-ms 0 --postgres)";

    public async Task<int> RunAsync(BenchmarkArguments args)
    {
        var count = args.Int("count", 5_000);
        var concurrency = args.Int("concurrency", 32);
        var writeDelay = TimeSpan.FromMilliseconds(args.Int("write-delay-ms", 0));
        await using var system = await BenchSystem.StartAsync(args, Name, new BenchSystemOptions
        {
            MaxPoolSize = 200, MailDev = true, SandboxWebhooks = true, HttpConcurrency = concurrency,
        });
        var (run, sandbox, http, db) = (system.Run, system.Sandbox, system.Http, system.Db);
        using var mail = new HttpClient { BaseAddress = new Uri(system.MailApi!) };

        var integration = sandbox.CreateIntegration(new IntegrationSpec { Ready = true });
        await Wait.UntilAsync(async () => (await http.GetAsync($"/api/integrations/{integration.Id}")).IsSuccessStatusCode, "the integration is known", 60);
        (await http.PutAsJsonAsync($"/api/integrations/{integration.Id}/packages",
            new { packages = new[] { new { id = "bench-skills", type = "SKILLS_TEST", name = "Skills test", description = "Bench" } } })).EnsureSuccessStatusCode();
        await Wait.UntilAsync(() => Task.FromResult(integration.Assessment.Packages.Count == 1), "Kombo has the package set", 60);
        integration.Faults.WriteDelay = writeDelay;

        Console.WriteLine($"orders: {count} orders, concurrency {concurrency}, Kombo write delay {writeDelay.TotalMilliseconds:0} ms; " +
            $"1 silo + 1 gateway (Release, separate processes), PostgreSQL, maildev; {Environment.ProcessorCount} cores");
        await WarmUpAsync(http, db, integration, concurrency);

        var orders = new List<AssessmentOrder>(count);
        for (var i = 0; i < count; i++)
        {
            orders.Add(await integration.CreateOrderAsync(new OrderSpec
            {
                PackageId = "bench-skills", CandidateEmail = $"bench+{run}-{i}@example.com", FirstName = "Ada", LastName = $"Bench {i}",
                JobName = "Analyst", JobRemoteId = "job-1", DeliverWebhook = false,
            }));
        }
        var webhooks = orders.Select(o => Sign(JsonSerializer.SerializeToUtf8Bytes(new
        {
            id = $"evt-{run}-{o.Id}", type = "assessment:order-received", data = OrderReceivedData.From(o),
        }, SandboxJson.Options))).ToArray();
        var ids = orders.Select(o => o.Id).ToArray();
        var mailBefore = await MailTotalAsync(mail);

        // Phase 1: the webhooks, answered synchronously with the decision.
        var cpu = await system.MeterAsync();
        var clock = Stopwatch.StartNew();
        var statuses = await Concurrently.RunAsync(webhooks.Length, concurrency, async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/kombo") { Content = new ByteArrayContent(webhooks[i].Body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("X-Kombo-Signature", webhooks[i].Signature);
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        });
        var received = clock.Elapsed;
        var accepted = statuses.Count(s => s == HttpStatusCode.OK);
        Console.WriteLine($"  received:  {count / received.TotalSeconds,8:N0} orders/s  ({accepted} of {count} answered 200 in {received.TotalSeconds:0.00} s)");

        // Phase 2: the invitations, sent by the outbox while phase 1 ran and after.
        await Wait.UntilAsync(async () => await MailTotalAsync(mail) - mailBefore >= count, "every invitation reached maildev", 600);
        var invited = clock.Elapsed;
        await Wait.UntilAsync(async () => await ScalarAsync(db, "SELECT count(*) FROM orders WHERE id = ANY(@ids) AND status = 'INVITED'", ids) == count, "every order is INVITED", 120);
        Console.WriteLine($"  invited:   {count / invited.TotalSeconds,8:N0} orders/s  (last email {invited.TotalSeconds:0.00} s after the first webhook, " +
            $"{(invited - received).TotalSeconds:0.00} s after the last answer)");

        // Phase 3: results through the internal API, written back to Kombo by the integration's assessment grain.
        clock.Restart();
        var resultStatuses = await Concurrently.RunAsync(count, concurrency, async i =>
        {
            using var response = await http.PostAsJsonAsync($"/api/orders/{orders[i].Id}/result", new
            {
                status = "COMPLETED", score = i % 100, max_score = 100, result_url = $"https://assessments.example.com/results/{orders[i].Id}",
                completed_at = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
                attributes = new[] { new { type = "TEXT", label = "Role fit", value = "Good" } },
            });
            return response.StatusCode;
        });
        var submitted = clock.Elapsed;
        await Wait.UntilAsync(async () => await ScalarAsync(db, "SELECT count(*) FROM orders WHERE id = ANY(@ids) AND write_back_status IN ('DONE', 'FAILED')", ids) == count,
            "every result is written back", 900);
        var written = clock.Elapsed;
        Console.WriteLine($"  results:   {count / submitted.TotalSeconds,8:N0} orders/s  ({resultStatuses.Count(s => s == HttpStatusCode.Accepted)} of {count} answered 202 in {submitted.TotalSeconds:0.00} s)");
        Console.WriteLine($"  written:   {count / written.TotalSeconds,8:N0} orders/s  (last write-back {written.TotalSeconds:0.00} s after the first result)");
        cpu.Print(count, "order (all four phases)");

        // Every order exactly once in each place.
        var emails = await EmailsPerRecipientAsync(mail, run);
        var ourOrders = ids.ToHashSet();
        var writes = integration.Assessment.Writes.Where(w => w.Kind == "result" && ourOrders.Contains(w.TargetId)).GroupBy(w => w.TargetId).ToList();
        var done = await ScalarAsync(db, "SELECT count(*) FROM orders WHERE id = ANY(@ids) AND status = 'COMPLETED' AND write_back_status = 'DONE'", ids);
        var outboxSent = await ScalarAsync(db, "SELECT count(*) FROM invitation_outbox WHERE order_id = ANY(@ids) AND status = 'SENT'", ids);
        var checks = new (string What, int Lost, int Doubled)[]
        {
            ("accepted (200)", count - accepted, 0),
            ("invitation emails", count - emails.Count, emails.Count(e => e.Value > 1)),
            ("outbox rows SENT", count - (int)outboxSent, 0),
            ("results accepted (202)", count - resultStatuses.Count(s => s == HttpStatusCode.Accepted), 0),
            ("results in Kombo", count - writes.Count, writes.Count(g => g.Count() > 1)),
            ("orders COMPLETED + DONE", count - (int)done, 0),
        };
        foreach (var (what, lost, doubled) in checks)
        {
            Console.WriteLine($"  {what,-26} lost {lost}, duplicated {doubled}");
        }
        var refused = sandbox.Requests.Query(new Kombo.Sandbox.Recording.RequestQuery { IntegrationId = integration.Id, Method = "PUT" }).Count(r => r.Status == 429);
        Console.WriteLine($"  writes Kombo refused with 429 (concurrency limit): {refused} among the last 1,000 recorded");
        return checks.All(c => c.Lost == 0 && c.Doubled == 0) ? 0 : 1;
    }

    /// <summary>A few dozen orders through every phase, so the timed run measures the system, not the JIT.</summary>
    private static async Task WarmUpAsync(HttpClient http, NpgsqlDataSource db, SandboxIntegration integration, int concurrency)
    {
        var orders = new List<AssessmentOrder>();
        for (var i = 0; i < 200; i++)
        {
            orders.Add(await integration.CreateOrderAsync(new OrderSpec { PackageId = "bench-skills", CandidateEmail = $"warmup+{i}@example.com", DeliverWebhook = false }));
        }
        await Concurrently.RunAsync(orders.Count, concurrency, async i =>
        {
            var (body, signature) = Sign(JsonSerializer.SerializeToUtf8Bytes(new { id = $"warm-{orders[i].Id}", type = "assessment:order-received", data = OrderReceivedData.From(orders[i]) }, SandboxJson.Options));
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/kombo") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("X-Kombo-Signature", signature);
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        });
        await Concurrently.RunAsync(orders.Count, concurrency, async i =>
        {
            using var response = await http.PostAsJsonAsync($"/api/orders/{orders[i].Id}/result", new { status = "OPEN", result_url = "https://r.example/1" });
            return response.StatusCode;
        });
        // Settled before the timed run counts emails and writes: every warm-up email sent, every result written back.
        var ids = orders.Select(o => o.Id).ToArray();
        await Wait.UntilAsync(async () => await ScalarAsync(db, """
            SELECT count(*) FROM orders o JOIN invitation_outbox x ON x.order_id = o.id
             WHERE o.id = ANY(@ids) AND x.status = 'SENT' AND o.write_back_status IN ('DONE', 'FAILED')
            """, ids) == ids.Length, "the warm-up settled", 120);
    }

    private static (byte[] Body, string Signature) Sign(byte[] body) =>
        (body, WebhookSignature.Compute(Secret, body));

    /// <summary>A count over this run's orders (<c>@ids</c>), leaving the warm-up's aside.</summary>
    private static async Task<long> ScalarAsync(NpgsqlDataSource db, string sql, string[] ids)
    {
        await using var command = db.CreateCommand(sql);
        command.Parameters.AddWithValue("ids", ids);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> MailTotalAsync(HttpClient mail) =>
        (await mail.GetFromJsonAsync<JsonElement>("/api/email/summary?limit=1")).GetProperty("total").GetInt64();

    private static async Task<Dictionary<string, int>> EmailsPerRecipientAsync(HttpClient mail, string run)
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var skip = 0; ; skip += 200)
        {
            var page = await mail.GetFromJsonAsync<JsonElement>($"/api/email/summary?limit=200&skip={skip}");
            var items = page.GetProperty("items");
            foreach (var to in items.EnumerateArray().SelectMany(m => m.GetProperty("to").EnumerateArray()))
            {
                var address = to.GetProperty("address").GetString()!;
                if (address.StartsWith($"bench+{run}-", StringComparison.Ordinal))
                {
                    counts[address] = counts.GetValueOrDefault(address) + 1;
                }
            }
            if (items.GetArrayLength() < 200)
            {
                return counts;
            }
        }
    }
}
