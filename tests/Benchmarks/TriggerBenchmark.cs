using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using Npgsql;

namespace OrleansKombo.Benchmarks;

/// <summary>
/// Triggered assessments end to end (issue 12 §6) on real processes, as <see cref="OrdersBenchmark"/> runs them: after
/// the first sync, N applications move into a trigger rule's stage in one delta; it times how long until every accepted
/// order is invited (maildev) and, once a result is posted for each, until every result link is written into its
/// application; and it checks that nothing is lost or doubled (orders per application, emails, links).
/// </summary>
public sealed class TriggerBenchmark : IBenchmark
{
    private const string Stage = "Online Assessment";

    public string Name => "triggers";

    public string Description =>
        "N applications moved into a trigger stage in one delta: time until all invited (maildev) and until all result links are written " +
        "back, zero duplicates (--count 10000 --concurrency 32 --postgres)";

    public async Task<int> RunAsync(BenchmarkArguments args)
    {
        var count = args.Int("count", 10_000);
        var concurrency = args.Int("concurrency", 32);
        await using var system = await BenchSystem.StartAsync(args, Name, new BenchSystemOptions
        {
            MaxPoolSize = 200, MailDev = true, SandboxWebhooks = true, HttpConcurrency = concurrency,
        });
        var (sandbox, http, db) = (system.Sandbox, system.Http, system.Db);
        using var mail = new HttpClient { BaseAddress = new Uri(system.MailApi!) };

        // Twice the applications asked for: only pending ones of open jobs that have the stage can move into it.
        var scale = new GeneratorScale { Jobs = 200, Candidates = count * 2, Applications = count * 2, Users = 50, Tags = 20 };
        var integration = sandbox.CreateIntegration(new IntegrationSpec { Ready = true, Scale = scale, Seed = 12 });
        integration.SetJobStatus("OPEN", count: scale.Jobs);
        var liveApplications = integration.Records(SandboxModel.Applications).Count(r => !r.Deleted);
        var clock = Stopwatch.StartNew();
        await Wait.UntilAsync(async () => (await http.GetAsync($"/api/integrations/{integration.Id}")).IsSuccessStatusCode, "the integration is known", 120);
        (await http.PutAsJsonAsync($"/api/integrations/{integration.Id}/packages",
            new { packages = new[] { new { id = "bench-skills", type = "SKILLS_TEST", name = "Skills test", description = "Bench" } } })).EnsureSuccessStatusCode();
        await Wait.UntilAsync(async () => await ScalarAsync(db, "SELECT count(*) FROM ats_applications WHERE integration_id = @id", integration.Id) >= liveApplications,
            "the first sync stored every application", 1800);
        Console.WriteLine($"triggers: first sync of {liveApplications:N0} applications took {clock.Elapsed.TotalSeconds:0} s; " +
            $"1 silo + 1 gateway (Release, separate processes), PostgreSQL, maildev; {Environment.ProcessorCount} cores; load average {CpuMeter.LoadAverage()}");
        (await http.PutAsJsonAsync($"/api/integrations/{integration.Id}/triggers", new
        {
            rules = new[] { new { id = "bench", package_id = "bench-skills", when = new { stage_name = Stage }, on_result = new { result_link = true } } },
        })).EnsureSuccessStatusCode();
        var mailBefore = await MailTotalAsync(mail);

        var cpu = await system.MeterAsync();

        // One delta: every move, then one sync.
        var moved = integration.MoveIntoStageNamed(Stage, count);
        clock.Restart();
        integration.FinishSync();
        Console.WriteLine($"  moved {moved.Count:N0} applications into '{Stage}' in one delta");
        await Wait.UntilAsync(async () => await ScalarAsync(db, "SELECT count(*) FROM trigger_orders WHERE integration_id = @id", integration.Id) >= moved.Count,
            "an order for every moved application", 1800);
        var ordered = clock.Elapsed;
        var accepted = await ScalarAsync(db, "SELECT count(*) FROM orders WHERE integration_id = @id AND status <> 'REJECTED'", integration.Id);
        Console.WriteLine($"  ordered:   {moved.Count / ordered.TotalSeconds,8:N0} orders/s  (all {moved.Count:N0} orders {ordered.TotalSeconds:0.0} s after the delta; " +
            $"{accepted:N0} accepted, {moved.Count - accepted:N0} rejected: the candidate has no usable email)");
        await Wait.UntilAsync(async () => await ScalarAsync(db, "SELECT count(*) FROM orders WHERE integration_id = @id AND status = 'INVITED'", integration.Id) >= accepted,
            "every accepted order is INVITED", 1800);
        var invited = clock.Elapsed;
        var emails = await MailTotalAsync(mail) - mailBefore;
        Console.WriteLine($"  invited:   {accepted / invited.TotalSeconds,8:N0} orders/s  (all invited {invited.TotalSeconds:0.0} s after the delta; {emails:N0} emails in maildev)");

        var orderIds = await IdsAsync(db, "SELECT id FROM orders WHERE integration_id = @id AND status = 'INVITED' ORDER BY id", integration.Id);
        clock.Restart();
        var statuses = await Concurrently.RunAsync(orderIds.Count, concurrency, async i =>
        {
            using var response = await http.PostAsJsonAsync($"/api/orders/{orderIds[i]}/result", new
            {
                status = "COMPLETED", score = i % 100, max_score = 100, result_url = $"https://assessments.example.com/results/{orderIds[i]}",
                completed_at = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
                attributes = new[] { new { type = "SUB_RESULT", id = "role-fit", label = "Role Fit", score = new { value = i % 10, max = 10 }, status = "COMPLETED" } },
            });
            return response.StatusCode;
        });
        var submitted = clock.Elapsed;
        await Wait.UntilAsync(async () => await ScalarAsync(db,
            "SELECT count(*) FROM orders WHERE integration_id = @id AND status = 'COMPLETED' AND write_back_status IN ('DONE', 'FAILED')", integration.Id) >= orderIds.Count,
            "every result is written back", 1800);
        var written = clock.Elapsed;
        Console.WriteLine($"  results:   {orderIds.Count / submitted.TotalSeconds,8:N0} orders/s  ({statuses.Count(s => s == HttpStatusCode.Accepted):N0} of {orderIds.Count:N0} answered 202)");
        Console.WriteLine($"  written:   {orderIds.Count / written.TotalSeconds,8:N0} links/s   (last result link {written.TotalSeconds:0.0} s after the first result)");

        var perApplication = await ScalarAsync(db,
            "SELECT count(*) FROM (SELECT application_id FROM trigger_orders WHERE integration_id = @id GROUP BY application_id, package_id HAVING count(*) > 1) d", integration.Id);
        var links = integration.Assessment.Writes.Where(w => w.Kind == "result-link").GroupBy(w => w.TargetId).ToList();
        var done = await ScalarAsync(db, "SELECT count(*) FROM orders WHERE integration_id = @id AND status = 'COMPLETED' AND write_back_status = 'DONE'", integration.Id);
        var checks = new (string What, long Lost, long Doubled)[]
        {
            ("orders (one per application)", moved.Count - await ScalarAsync(db, "SELECT count(*) FROM trigger_orders WHERE integration_id = @id", integration.Id), perApplication),
            ("invitation emails", accepted - emails, Math.Max(0, emails - accepted)),
            ("results accepted (202)", orderIds.Count - statuses.Count(s => s == HttpStatusCode.Accepted), 0),
            ("result links in the ATS", orderIds.Count - links.Count, links.Count(g => g.Count() > 1)),
            ("write-backs DONE", orderIds.Count - done, 0),
        };
        foreach (var (what, lost, doubled) in checks)
        {
            Console.WriteLine($"  {what,-30} lost {lost}, duplicated {doubled}");
        }
        cpu.Print(moved.Count, "application (delta, order, invitation, result, link)");
        Console.WriteLine($"  load average at the end: {CpuMeter.LoadAverage()}");
        return checks.All(c => c.Lost == 0 && c.Doubled == 0) ? 0 : 1;
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource db, string sql, string integrationId)
    {
        await using var command = db.CreateCommand(sql);
        command.Parameters.AddWithValue("id", integrationId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<string>> IdsAsync(NpgsqlDataSource db, string sql, string integrationId)
    {
        await using var command = db.CreateCommand(sql);
        command.Parameters.AddWithValue("id", integrationId);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    private static async Task<long> MailTotalAsync(HttpClient mail) =>
        (await mail.GetFromJsonAsync<JsonElement>("/api/email/summary?limit=1")).GetProperty("total").GetInt64();
}
