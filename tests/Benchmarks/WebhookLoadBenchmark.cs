using System.Diagnostics;
using System.Net;
using Kombo.Sandbox;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using Npgsql;
using static OrleansKombo.Benchmarks.BenchmarkProcesses;

namespace OrleansKombo.Benchmarks;

/// <summary>
/// Signed sync-finished webhooks at a fixed concurrency against a silo and gateway of the run's own, on a database of its
/// own, for integrations that exist in the run's sandbox (so every pull they start is real work that succeeds). The answer
/// comes once an event is in the inbox and its grain gets it after (issue 16), so the run prints both: the answer rate and
/// latency, and the drain (the time until every event is processed); then a check of the inbox (every event recorded
/// once, processed once) and of the pulls (none failed).
/// </summary>
public sealed class WebhookLoadBenchmark : IBenchmark
{
    public string Name => "webhooks";

    public string Description =>
        "N signed sync-finished webhooks at concurrency C for integrations the sandbox knows, on a silo, gateway and database " +
        "of its own; prints events/s, p50/p99, the drain (until every event is processed), lost and doubled, failed pulls, CPU per event " +
        "(--count 20000 --concurrency 32 --integrations 500 --postgres)";

    public async Task<int> RunAsync(BenchmarkArguments args)
    {
        var count = args.Int("count", 20_000);
        var concurrency = args.Int("concurrency", 32);
        var integrationCount = args.Int("integrations", 500);
        var warmup = args.Int("warmup", 1_000);
        var run = Guid.NewGuid().ToString("N")[..8];
        var work = Path.Combine(RunningSystem.Root, ".data", "bench-webhooks");
        Directory.CreateDirectory(work);

        await using var database = await BenchDatabase.CreateAsync(RunningSystem.Postgres(args), Name, maxPoolSize: 200);
        await using var processes = new BenchmarkProcesses(work);
        await using var sandbox = await KomboSandbox.StartAsync(new SandboxOptions { WebhookSecret = Secret, RecorderCapacity = 1_000 });
        // Small integrations the sandbox serves: each sync-finished starts a pull that reads them and succeeds.
        var tiny = new GeneratorScale { Jobs = 2, Candidates = 3, Applications = 3, Users = 2, Tags = 2 };
        var integrations = Enumerable.Range(0, integrationCount)
            .Select(i => sandbox.CreateIntegration(new IntegrationSpec { Ready = true, Scale = tiny, Seed = i }).Id)
            .ToList();
        var url = await processes.StartSystemAsync(database.ConnectionString, sandbox, smtpPort: 25, run);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(url),
            Timeout = TimeSpan.FromSeconds(60),
        };

        Console.WriteLine($"webhooks: {count} sync-finished events for {integrationCount} sandbox integrations, concurrency {concurrency}; " +
            $"1 silo + 1 gateway (Release, separate processes), PostgreSQL; {Environment.ProcessorCount} cores, load average {CpuMeter.LoadAverage()}");
        // Not timed: the JIT, the pools, and the integrations' first activations and first pulls; drained before the timed part.
        await SyncFinishedEvents.SendAllAsync(http, SyncFinishedEvents.Build(warmup, integrations, $"{run}w", Secret), concurrency);
        await using var db = NpgsqlDataSource.Create(database.ConnectionString);
        await DrainAsync(db, TimeSpan.FromMinutes(5));

        var events = SyncFinishedEvents.Build(count, integrations, run, Secret);
        var cpu = await CpuMeter.StartAsync(database.ConnectionString, "sandbox + load generator", processes.Named);
        var clock = Stopwatch.StartNew();
        var (latencies, statuses) = await SyncFinishedEvents.SendAllAsync(http, events, concurrency);
        var answered = clock.Elapsed;

        var failed = statuses.Count(s => s != HttpStatusCode.OK);
        Console.WriteLine($"  answered: {count / answered.TotalSeconds:N0} events/s ({count} in {answered.TotalSeconds:0.00} s)");
        Console.WriteLine($"  latency {new LatencyStats(latencies)}");
        Console.WriteLine($"  answers other than 200: {failed}; still to hand to their grain at the last answer: " +
            $"{await ScalarAsync(db, "SELECT count(*) FROM webhook_inbox WHERE deferred AND status IN ('RECEIVED', 'FAILED')")}");
        Console.Write("  while answering,");
        cpu.Print(count, "event");

        // Each event costs most of its work after its answer (its grain, the pull it starts): wait until every one is processed.
        var drained = await DrainAsync(db, TimeSpan.FromSeconds(Math.Max(300, count / 20.0)));
        var all = clock.Elapsed;
        Console.WriteLine(drained
            ? $"  drain: every event processed {all.TotalSeconds:0.00} s after the first was sent ({(all - answered).TotalSeconds:0.00} s after the last answer), " +
              $"{count / all.TotalSeconds:N0} events/s processed end to end"
            : $"  drain: NOT every event was processed {all.TotalSeconds:0.00} s after the first was sent");
        Console.Write("  answering and drain,");
        cpu.Print(count, "event");

        var (recorded, processedOnce, doubled) = await CheckInbox(db, events.Select(e => e.Id).ToArray());
        var lost = count - recorded;
        Console.WriteLine($"  inbox: {recorded} recorded, {processedOnce} processed exactly once, {lost} lost, {doubled} processed more than once");
        var failedPulls = await ScalarAsync(db, "SELECT count(*) FROM integration_pulls WHERE status NOT IN ('SUCCEEDED', 'RUNNING')");
        var pulls = await ScalarAsync(db, "SELECT count(*) FROM integration_pulls");
        Console.WriteLine($"  pulls the events started: {pulls} ({failedPulls} failed or not ready)");
        return failed == 0 && lost == 0 && doubled == 0 && processedOnce == count && failedPulls == 0 ? 0 : 1;
    }

    /// <summary>Waits until no event answered on receipt is still to be handed to its grain; false when the deadline passed.</summary>
    private static async Task<bool> DrainAsync(NpgsqlDataSource db, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (await ScalarAsync(db, "SELECT count(*) FROM webhook_inbox WHERE deferred AND status IN ('RECEIVED', 'FAILED')") > 0)
        {
            if (DateTime.UtcNow > until)
            {
                return false;
            }
            await Task.Delay(50);
        }
        return true;
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<(int Recorded, int ProcessedOnce, int Doubled)> CheckInbox(NpgsqlDataSource db, string[] ids)
    {
        await using var command = db.CreateCommand("""
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
