using System.Diagnostics;
using System.Globalization;
using Kombo.Sandbox;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using OrleansKombo.Integrations;
using static OrleansKombo.Benchmarks.BenchCluster;

namespace OrleansKombo.Benchmarks;

/// <summary>
/// Cost grows linearly (issue 16 §7): the first sync of the sandbox's dataset at 1x, 2x and 4x its size, each in a fresh
/// database and a fresh silo process (so no run inherits another's heap, caches or table bloat), and whether time grows
/// with the records and the silo's memory stays flat.
/// </summary>
public sealed class SyncScaleBenchmark : IBenchmark
{
    /// <summary>Time is linear when time(kx)/time(1x) is within 20 % of the records' ratio (k, give or take the sandbox's rounding).</summary>
    private const double TimeTolerance = 0.20;

    /// <summary>Memory is flat when peak(kx)/peak(1x) is at most 1.25.</summary>
    private const double MemoryTolerance = 0.25;

    private static readonly double[] Quarters = [0.25, 0.5, 0.75, 1.0];

    public string Name => "sync-scale";

    public string Description =>
        "the first sync of the large dataset at 1x, 2x and 4x, each in a fresh database and silo process; prints per multiplier records/s, " +
        "silo peak resident and managed heap, resident at 25/50/75/100 %, PostgreSQL CPU per 1,000 records, then time and memory ratios " +
        "against k: linear / flat (--times 1,2,4 --jobs … --candidates … --seed 42 --linger 0 --postgres)";

    public async Task<int> RunAsync(BenchmarkArguments args)
    {
        var times = args.String("times", "1,2,4").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToList();
        if (times.Count == 0 || times.Any(k => k < 1))
        {
            throw new ArgumentException("--times takes multipliers of 1 or more, e.g. 1,2,4");
        }
        var scale = args.Scale();
        var seed = args.Int("seed", 42);
        var linger = TimeSpan.FromSeconds(args.Int("linger", 0));
        Console.WriteLine($"sync-scale: the first sync of {scale.Jobs:N0} jobs, {scale.Candidates:N0} candidates, {scale.Applications:N0} applications, " +
            $"{scale.Users:N0} users, {scale.Tags:N0} tags (and the jobs' stages) times {string.Join(", ", times.Select(k => $"{k}x"))}, " +
            $"each in a fresh database and silo process; {Environment.ProcessorCount} cores");

        var runs = new List<ScaleRun>();
        foreach (var k in times)
        {
            runs.Add(await RunOnceAsync(args, Times(scale, k), k, seed, linger));
        }
        PrintSummary(runs);
        return runs.All(r => r.Complete) ? 0 : 1;
    }

    private async Task<ScaleRun> RunOnceAsync(BenchmarkArguments args, GeneratorScale scale, int k, int seed, TimeSpan linger)
    {
        var loadBefore = CpuMeter.LoadAverages();
        var metricsPort = FreePort();
        await using var system = await BenchSystem.StartAsync(args, Name, new BenchSystemOptions
        {
            Gateway = false,
            Sandbox = new SandboxOptions { RecorderCapacity = 1_000 },
            SiloSettings = new Dictionary<string, string>
            {
                // Its own metrics port, for the managed heap (the runtime's meter); never a running silo's 9464.
                ["Orleans__MetricsPort"] = metricsPort.ToString(CultureInfo.InvariantCulture),
                // The pull's closing line says where its time went.
                ["Logging__LogLevel__OrleansKombo.Grains.Integrations"] = "Information",
            },
        });
        var integration = system.Sandbox.CreateIntegration(new IntegrationSpec { Ready = true, Scale = scale, Seed = seed });
        integration.WarmUp();
        var total = integration.LiveCounts().Values.Sum();
        Console.WriteLine($"{k}x: {string.Join(", ", integration.LiveCounts().Select(kv => $"{kv.Value:N0} {kv.Key}"))} ({total:N0} records); " +
            $"load average before {loadBefore}");

        var grain = (await system.ClientAsync()).GetGrain<IIntegrationGrain>(integration.Id);
        var silo = system.Processes.Silos.Single().Pid;
        using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}"), Timeout = TimeSpan.FromSeconds(5) };
        var idle = ProcessStats.Memory(silo);
        Console.WriteLine($"  silo ready: {idle.Rss:0} MB resident, {ManagedHeap.Format(await ManagedHeap.MegabytesAsync(metrics))} managed heap");

        var cpu = await system.MeterAsync("sandbox + benchmark");
        var samples = new List<Sample>();
        double? heap = null;
        using var stopHeap = new CancellationTokenSource();
        // Once a second, not with every status poll: a scrape costs the silo CPU that would count against the pull.
        var heapSampler = Task.Run(async () =>
        {
            while (!stopHeap.IsCancellationRequested)
            {
                var read = await ManagedHeap.MegabytesAsync(metrics);
                lock (samples)
                {
                    heap = read ?? heap;
                }
                await Task.Delay(TimeSpan.FromSeconds(1), stopHeap.Token).ContinueWith(_ => { });
            }
        });
        var watch = Stopwatch.StartNew();
        await grain.RequestPull();
        var status = await WaitForPullAsync(grain, DateTimeOffset.MinValue, s =>
        {
            var rss = ProcessStats.Memory(silo).Rss;
            lock (samples)
            {
                samples.Add(new Sample(s.LastPull?.RecordsRead ?? 0, rss, heap));
            }
        });
        watch.Stop();
        await stopHeap.CancelAsync();
        await heapSampler;
        var memory = ProcessStats.Memory(silo);
        var read = status.LastPull!.RecordsRead;
        var seconds = watch.Elapsed.TotalSeconds;

        Console.WriteLine($"  first sync: {read:N0} records in {seconds:0.0} s = {read / seconds:N0} records/s");
        // The silo's own account of where the time went (waiting for Kombo, writing, telling job grains).
        var log = BenchmarkProcesses.ReadShared(Path.Combine(system.Processes.Work, "silo.log"));
        if (log.Split('\n').LastOrDefault(l => l.Contains("pull finished", StringComparison.Ordinal)) is { } finished)
        {
            Console.WriteLine("  silo: " + finished.Trim());
        }
        var heapPeak = samples.Max(s => s.Heap);
        Console.WriteLine($"  silo memory: peak {memory.Peak:0} MB resident ({memory.Peak - idle.Rss:0} MB over idle), managed heap peak {ManagedHeap.Format(heapPeak)}");
        var quarters = Quarters.Select(q => samples.FirstOrDefault(s => s.Records >= q * total * 0.99, samples[^1])).ToList();
        Console.WriteLine("  at 25/50/75/100 % of the records: resident " + string.Join(" / ", quarters.Select(s => $"{s.Rss:0}")) +
            " MB; managed heap " + string.Join(" / ", quarters.Select(s => ManagedHeap.Format(s.Heap))));
        cpu.Print(read, "1,000 records", 1_000);
        // What the silo holds beside the heap's figure: grain activations (they stay until idle for their collection age).
        Console.WriteLine($"  at the end: {await ActivationsAsync(metrics)}");
        var spent = cpu.Read();
        var postgres = spent.Where(r => r.Name == "PostgreSQL").Select(r => (double?)r.Seconds).FirstOrDefault();
        var silos = spent.Where(r => r.Name.StartsWith("silo", StringComparison.Ordinal)).Sum(r => r.Seconds);

        var stored = await system.Database.LiveRowsAsync(integration.Id);
        var complete = stored == total && read >= total;
        Console.WriteLine($"  stored {stored:N0} live records; the sandbox holds {total:N0}{(complete ? "" : "  <-- MISMATCH")}");
        Console.WriteLine($"  load average after {CpuMeter.LoadAverages()}");
        // What the silo still holds once the pull is over and its grains have been idle a while, every 30 s.
        for (var waited = TimeSpan.Zero; waited < linger;)
        {
            var step = TimeSpan.FromSeconds(Math.Min(30, (linger - waited).TotalSeconds));
            await Task.Delay(step);
            waited += step;
            Console.WriteLine($"  {waited.TotalSeconds:0} s after the pull: {await ActivationsAsync(metrics)}; resident {ProcessStats.Memory(silo).Rss:0} MB, " +
                $"managed heap {ManagedHeap.Format(await ManagedHeap.MegabytesAsync(metrics))}");
        }
        return new ScaleRun(k, total, watch.Elapsed, idle.Rss, memory.Peak, heapPeak, postgres * 1_000 * 1_000 / read,
            (silos + (postgres ?? 0)) * 1_000 * 1_000 / read, complete);
    }

    private static void PrintSummary(List<ScaleRun> runs)
    {
        var baseRun = runs[0];
        Console.WriteLine($"sync-scale: against {baseRun.Multiplier}x (time linear: time ratio within {TimeTolerance:P0} of the records ratio; " +
            $"memory flat: peak ratio at most {1 + MemoryTolerance:0.00})");
        Console.WriteLine("    k    records    time s  records/s  time ratio (records ratio)  peak MB  ratio  heap MB  ratio  PostgreSQL ms/1,000  silo + PostgreSQL ms/1,000");
        foreach (var run in runs)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {run.Multiplier,3}x {run.Records,10:N0} {run.Elapsed.TotalSeconds,9:0.0} {run.Records / run.Elapsed.TotalSeconds,10:N0} " +
                $"{run.TimeRatio(baseRun),11:0.00} ({run.RecordsRatio(baseRun),5:0.00})        {run.PeakRss,7:0} {run.PeakRss / baseRun.PeakRss,6:0.00} " +
                $"{Show(run.PeakHeap, "0"),8} {Show(run.PeakHeap / baseRun.PeakHeap, "0.00"),6} {Show(run.PostgresMsPer1000, "0"),20} {run.CpuMsPer1000,27:0}"));
        }
        var larger = runs.Where(r => r.Multiplier != baseRun.Multiplier).ToList();
        if (larger.Count == 0)
        {
            Console.WriteLine("  one multiplier only: no ratio to judge");
            return;
        }
        // Below the band is no failure: fixed costs (the silo's first calls, the grains' activation) weigh less in a larger run.
        var deviations = larger.Select(r => r.TimeRatio(baseRun) / r.RecordsRatio(baseRun) - 1).ToList();
        var timeVerdict = deviations.Any(d => d > TimeTolerance) ? "SUPER-LINEAR"
            : deviations.All(d => d >= -TimeTolerance) ? "linear"
            : "sub-linear (fixed costs weigh more in the smaller runs; at most linear)";
        var flat = larger.All(r => r.PeakRss / baseRun.PeakRss <= 1 + MemoryTolerance);
        var heapFlat = larger.All(r => r.PeakHeap / baseRun.PeakHeap is not { } ratio || ratio <= 1 + MemoryTolerance);
        var postgresLinear = larger.All(r => r.PostgresMsPer1000 / baseRun.PostgresMsPer1000 is not { } ratio || Math.Abs(ratio - 1) <= TimeTolerance);
        Console.WriteLine($"  time: {timeVerdict} (" + string.Join(", ", larger.Select(r =>
            string.Create(CultureInfo.InvariantCulture, $"{r.Multiplier}x took {r.TimeRatio(baseRun):0.00} times as long for {r.RecordsRatio(baseRun):0.00} times the records"))) + ")");
        Console.WriteLine($"  silo peak resident: {(flat ? "flat" : "NOT flat")} (" + string.Join(", ", larger.Select(r =>
            string.Create(CultureInfo.InvariantCulture, $"{r.Multiplier}x {r.PeakRss / baseRun.PeakRss:0.00}"))) + $"); managed heap peak: {(heapFlat ? "flat" : "NOT flat")}");
        // On a shared machine the wall time follows the load average; the CPU each record costs does not.
        var cpuLinear = larger.All(r => Math.Abs(r.CpuMsPer1000 / baseRun.CpuMsPer1000 - 1) <= TimeTolerance);
        Console.WriteLine($"  CPU per record: PostgreSQL {(postgresLinear ? "constant" : "NOT constant")}, silo + PostgreSQL {(cpuLinear ? "constant" : "NOT constant")} " +
            $"(within {TimeTolerance:P0}: " + string.Join(", ", larger.Select(r =>
                string.Create(CultureInfo.InvariantCulture, $"{r.Multiplier}x {r.CpuMsPer1000 / baseRun.CpuMsPer1000:0.00}"))) + ")");
    }

    /// <summary>The silo's grain activations, in all and by type (the five most numerous), from its /metrics.</summary>
    private static async Task<string> ActivationsAsync(HttpClient metrics)
    {
        if (await PrometheusScrape.ReadAsync(metrics) is not { } scrape)
        {
            return "grain activations unknown";
        }
        var activations = scrape.Where(m => m.Name == "orleans_catalog_activations").Sum(m => m.Value);
        var byType = scrape.Where(m => m.Name == "orleans_grains" && m.Value > 0).OrderByDescending(m => m.Value).Take(5)
            .Select(m => $"{GrainType(m.Labels)} {m.Value:N0}");
        return $"{activations:N0} grain activations ({string.Join(", ", byType)})";
    }

    /// <summary>The class name in an orleans_grains sample's <c>type="…"</c> label (the whole label set when it has none).</summary>
    private static string GrainType(string labels) =>
        labels.IndexOf("type=\"", StringComparison.Ordinal) is var at and >= 0
            ? labels[(at + 6)..].Split('"')[0].Split(',')[0].Split('.')[^1]
            : labels;

    private static string Show(double? value, string format) =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static GeneratorScale Times(GeneratorScale scale, int k) => new()
    {
        Jobs = scale.Jobs * k,
        Candidates = scale.Candidates * k,
        Applications = scale.Applications * k,
        Users = scale.Users * k,
        Tags = scale.Tags * k,
    };

    /// <summary>One status poll: the records read so far, the silo's resident memory then, and the last managed heap read.</summary>
    private sealed record Sample(long Records, double Rss, double? Heap);

    /// <summary>One multiplier's figures: the first sync's records and time, the silo's memory, PostgreSQL's CPU per 1,000 records.</summary>
    private sealed record ScaleRun(int Multiplier, long Records, TimeSpan Elapsed, double IdleRss, double PeakRss, double? PeakHeap,
        double? PostgresMsPer1000, double CpuMsPer1000, bool Complete)
    {
        public double TimeRatio(ScaleRun baseRun) => Elapsed / baseRun.Elapsed;

        public double RecordsRatio(ScaleRun baseRun) => (double)Records / baseRun.Records;
    }
}
