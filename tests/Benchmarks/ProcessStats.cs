using System.Globalization;
using Npgsql;

namespace OrleansKombo.Benchmarks;

/// <summary>
/// What a process has cost so far, read from Linux /proc: CPU seconds (utime + stime of /proc/&lt;pid&gt;/stat) and resident
/// memory. The one place benchmarks read them.
/// </summary>
public static class ProcessStats
{
    /// <summary>Clock ticks per second of /proc/&lt;pid&gt;/stat (USER_HZ, 100 on every Linux we run on).</summary>
    private const double TicksPerSecond = 100;

    /// <summary>The process's own CPU seconds (0 once it has exited).</summary>
    public static double CpuSeconds(int pid) => Stat(pid) is { } s ? (s.UTime + s.STime) / TicksPerSecond : 0;

    /// <summary>
    /// PostgreSQL's CPU seconds: the postmaster, its live children (backends, walwriter, checkpointer, …) and the children
    /// that have exited (the postmaster's cutime + cstime), so a backend that closed during the run is still counted.
    /// </summary>
    public static double PostgresCpuSeconds(int postmaster)
    {
        if (Stat(postmaster) is not { } root)
        {
            return 0;
        }
        var total = root.UTime + root.STime + root.CUTime + root.CSTime;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Stat(pid) is { } child && child.ParentId == postmaster)
            {
                total += child.UTime + child.STime;
            }
        }
        return total / TicksPerSecond;
    }

    /// <summary>The postmaster of the server a connection string names (the parent of a backend), for <see cref="PostgresCpuSeconds"/>.</summary>
    public static async Task<int?> PostmasterAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT pg_backend_pid()");
        var backend = (int)(await command.ExecuteScalarAsync())!;
        // A server on another machine (or in another PID namespace) is not ours to read.
        return Stat(backend)?.ParentId;
    }

    /// <summary>Resident memory now and at its peak, in MB.</summary>
    public static (double Rss, double Peak) Memory(int pid)
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{pid}/status");
            double Kb(string key) => double.Parse(status.First(l => l.StartsWith(key, StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0],
                CultureInfo.InvariantCulture) / 1024;
            return (Kb("VmRSS"), Kb("VmHWM"));
        }
        catch (IOException)
        {
            return (0, 0);
        }
    }

    private sealed record ProcStat(int ParentId, long UTime, long STime, long CUTime, long CSTime);

    private static ProcStat? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        // The command name (field 2) is in parentheses and may hold spaces; the fields after it are positional.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        long At(int field) => long.Parse(fields[field - 3], CultureInfo.InvariantCulture);
        return new ProcStat((int)At(4), At(14), At(15), At(16), At(17));
    }
}
