using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using Npgsql;
using static OrleansKombo.Benchmarks.BenchmarkProcesses;

namespace OrleansKombo.Benchmarks;

/// <summary>
/// A fleet, not one customer: N sandbox integrations of about R records each, all sent sync-finished within about a
/// second, against one or more silos of the run's own (bounded by Sync:MaxConcurrentPulls each), until every one is synced.
/// </summary>
public sealed partial class FleetBenchmark : IBenchmark
{
    public string Name => "fleet";

    public string Description =>
        "N integrations of ~R records all sent sync-finished within a second; prints time until all are synced, records/s, " +
        "peak memory per silo, peak PostgreSQL connections, errors, pulls per silo, CPU per process " +
        "(--count 1000 --records 500 --silos 1 --concurrency 32 --max-pulls <Sync:MaxConcurrentPulls> --timeout 1800 --postgres)";

    public async Task<int> RunAsync(BenchmarkArguments args)
    {
        var count = args.Int("count", 1_000);
        var recordsEach = args.Int("records", 500);
        var silos = args.Int("silos", 1);
        var concurrency = args.Int("concurrency", 32);
        var timeout = TimeSpan.FromSeconds(args.Int("timeout", 1_800));
        var settings = new Dictionary<string, string>
        {
            // Each pull's closing line, counted per silo's log: both silos pulled.
            ["Logging__LogLevel__OrleansKombo.Grains.Integrations"] = "Information",
        };
        if (args.Optional("max-pulls") is { } maxPulls)
        {
            settings["Sync__MaxConcurrentPulls"] = maxPulls;
        }
        // Npgsql's default pool: the connections a fleet opens are what production would open.
        await using var system = await BenchSystem.StartAsync(args, Name, new BenchSystemOptions { Silos = silos, SiloSettings = settings, HttpConcurrency = concurrency });
        var (run, sandbox, processes, http, db) = (system.Run, system.Sandbox, system.Processes, system.Http, system.Db);
        var scale = ScaleFor(recordsEach);
        // No webhook URL: the integrations exist in Kombo, and the first we hear of them is their sync-finished.
        var integrations = Enumerable.Range(0, count)
            .Select(i => sandbox.CreateIntegration(new IntegrationSpec { Ready = true, Scale = scale, Seed = i }))
            .ToList();
        var expected = integrations.Sum(i => (long)i.LiveCounts().Values.Sum());
        var maxConnections = await ScalarAsync<string>(db, "SHOW max_connections");

        Console.WriteLine($"fleet: {count:N0} integrations of ~{expected / Math.Max(1, count):N0} records ({expected:N0} in all), {silos} silo(s) + 1 gateway " +
            $"(Release, separate processes), Sync:MaxConcurrentPulls {args.Optional("max-pulls") ?? "default"}; {Environment.ProcessorCount} cores, load average {CpuMeter.LoadAverage()}");

        var events = SyncFinishedEvents.Build(count, integrations.Select(i => i.Id).ToList(), run, Secret);
        var cpu = await system.MeterAsync();
        using var stopSampling = new CancellationTokenSource();
        var peakConnections = SamplePeakConnectionsAsync(db, stopSampling.Token);

        var clock = Stopwatch.StartNew();
        var (_, statuses) = await SyncFinishedEvents.SendAllAsync(http, events, concurrency);
        var sent = clock.Elapsed;
        var notOk = statuses.Count(s => s != HttpStatusCode.OK);
        Console.WriteLine($"  {count:N0} sync-finished sent in {sent.TotalSeconds:0.00} s; answers other than 200: {notOk}");

        var (synced, read, failedPulls) = (0L, 0L, 0L);
        while (clock.Elapsed < timeout)
        {
            (synced, read, failedPulls) = await ProgressAsync(db);
            if (synced >= count)
            {
                break;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
        clock.Stop();
        await stopSampling.CancelAsync();
        var connections = await peakConnections;

        var all = synced >= count;
        Console.WriteLine($"  {(all ? "every integration synced" : $"TIMED OUT: {synced:N0} of {count:N0} synced")} in {clock.Elapsed.TotalSeconds:0.0} s " +
            $"after the first sync-finished: {read:N0} records = {read / clock.Elapsed.TotalSeconds:N0} records/s across the cluster");
        Console.WriteLine("  peak memory per silo: " + string.Join(", ", processes.Silos.Select(s => $"{s.Name} {ProcessStats.Memory(s.Pid).Peak:0} MB")));
        Console.WriteLine($"  peak PostgreSQL connections to the run's database: {connections.Open} open (pools of silos, gateway and this sampler), " +
            $"{connections.Busy} running a statement at once (sampled every 100 ms; max_connections {maxConnections})");
        var pullsPerSilo = processes.Silos.Select(s => (s.Name, Pulls: PullsIn(Path.Combine(processes.Work, s.Name + ".log")))).ToList();
        Console.WriteLine("  pulls finished per silo (from each silo's log): " + string.Join(", ", pullsPerSilo.Select(p => $"{p.Name} {p.Pulls:N0}")));
        Console.WriteLine($"  errors: {notOk} webhooks not answered 200, {failedPulls} pulls failed or not ready, {count - synced} integrations not synced, " +
            $"{expected - read} records short of the sandbox's {expected:N0}");
        cpu.Print(read, "1,000 records", 1_000);

        var ok = all && notOk == 0 && failedPulls == 0 && read >= expected && pullsPerSilo.All(p => p.Pulls > 0);
        return ok ? 0 : 1;
    }

    /// <summary>About <paramref name="records"/> records in the sandbox's proportions (applications, candidates, then the rest).</summary>
    private static GeneratorScale ScaleFor(int records) => new()
    {
        Jobs = Math.Max(1, records / 25),
        Users = Math.Max(1, records / 100),
        Tags = Math.Max(1, records / 100),
        Candidates = Math.Max(1, records * 3 / 10),
        Applications = Math.Max(1, records * 6 / 10),
    };

    /// <summary>Integrations with a succeeded pull, the records those pulls read, and pulls that ended otherwise.</summary>
    private static async Task<(long Synced, long Read, long Failed)> ProgressAsync(NpgsqlDataSource db)
    {
        await using var command = db.CreateCommand("""
            SELECT count(DISTINCT integration_id) FILTER (WHERE status = 'SUCCEEDED'),
                   coalesce(sum(records_read) FILTER (WHERE status = 'SUCCEEDED'), 0)::bigint,
                   count(*) FILTER (WHERE status NOT IN ('SUCCEEDED', 'RUNNING'))
              FROM integration_pulls
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>The most connections open to the run's database at once, and the most of them running a statement at once.</summary>
    private static async Task<(long Open, long Busy)> SamplePeakConnectionsAsync(NpgsqlDataSource db, CancellationToken stop)
    {
        var (open, busy) = (0L, 0L);
        while (!stop.IsCancellationRequested)
        {
            await using (var command = db.CreateCommand("""
                SELECT count(*), count(*) FILTER (WHERE state NOT IN ('idle') AND pid <> pg_backend_pid())
                  FROM pg_stat_activity WHERE datname = current_database()
                """))
            await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None))
            {
                await reader.ReadAsync(CancellationToken.None);
                (open, busy) = (Math.Max(open, reader.GetInt64(0)), Math.Max(busy, reader.GetInt64(1)));
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }
        return (open, busy);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static int PullsIn(string log) =>
        File.Exists(log) ? PullFinished().Count(BenchmarkProcesses.ReadShared(log)) : 0;

    [GeneratedRegex("pull finished in")]
    private static partial Regex PullFinished();
}
