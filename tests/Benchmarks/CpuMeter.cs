using System.Globalization;

namespace OrleansKombo.Benchmarks;

/// <summary>
/// The CPU seconds each process of a run spent between <see cref="StartAsync"/> and <see cref="Print"/>, and per unit of
/// work (record, event): silo(s), gateway, PostgreSQL (all its backends), and this process (the load generator, and the
/// in-process sandbox where the benchmark runs one).
/// </summary>
public sealed class CpuMeter
{
    private readonly List<(string Name, Func<double> Read, double Start)> _sources = [];

    private CpuMeter()
    {
    }

    /// <param name="thisProcess">What this process is in the run, e.g. "sandbox + load generator".</param>
    /// <param name="processes">The run's other processes by name (silo-1, gateway, …).</param>
    public static async Task<CpuMeter> StartAsync(string? postgres, string thisProcess, IEnumerable<(string Name, int Pid)> processes)
    {
        var meter = new CpuMeter();
        foreach (var (name, pid) in processes)
        {
            meter.Add(name, () => ProcessStats.CpuSeconds(pid));
        }
        if (postgres is not null && await ProcessStats.PostmasterAsync(postgres) is { } postmaster)
        {
            meter.Add("PostgreSQL", () => ProcessStats.PostgresCpuSeconds(postmaster));
        }
        meter.Add(thisProcess, () => ProcessStats.CpuSeconds(Environment.ProcessId));
        return meter;
    }

    private void Add(string name, Func<double> read) => _sources.Add((name, read, read()));

    /// <summary>CPU seconds per process so far.</summary>
    public IReadOnlyList<(string Name, double Seconds)> Read() => _sources.Select(s => (s.Name, s.Read() - s.Start)).ToList();

    /// <summary>Prints each process's CPU seconds and its CPU per <paramref name="unit"/> (e.g. 1,000 records, 1 event).</summary>
    public void Print(double units, string unit, double unitSize = 1)
    {
        var read = Read();
        var total = read.Sum(r => r.Seconds);
        var per = units > 0 ? unitSize / units * 1000 : double.NaN;
        Console.WriteLine($"  CPU seconds (ms per {unit}): " + string.Join(", ", read.Select(r =>
            string.Create(CultureInfo.InvariantCulture, $"{r.Name} {r.Seconds:0.0} s ({r.Seconds * per:0.00})"))) +
            string.Create(CultureInfo.InvariantCulture, $"; total {total:0.0} s ({total * per:0.00} ms per {unit}); load average {LoadAverage()}"));
    }

    /// <summary>The machine's 1-minute load average: figures taken on a busy machine say so.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    /// <summary>The 1-, 5- and 15-minute load averages (what <c>uptime</c> prints), for runs long enough that the trend matters.</summary>
    public static string LoadAverages() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
