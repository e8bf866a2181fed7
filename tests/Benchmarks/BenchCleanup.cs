using System.Collections.Concurrent;
using System.Diagnostics;

namespace OrleansKombo.Benchmarks;

/// <summary>
/// What a run must not leave behind if it is stopped with Ctrl-C (or SIGTERM): the processes it started and the
/// databases it created. Normal ends (and failures) clean up through DisposeAsync; this covers the ends that skip it.
/// </summary>
public static class BenchCleanup
{
    private static readonly ConcurrentDictionary<int, Process> Processes = new();
    private static readonly ConcurrentDictionary<string, Func<Task>> Databases = new();
    private static int _installed;

    public static void Track(Process process)
    {
        Install();
        Processes[process.Id] = process;
    }

    public static void Forget(Process process) => Processes.TryRemove(process.Id, out _);

    public static void TrackDatabase(string name, Func<Task> drop)
    {
        Install();
        Databases[name] = drop;
    }

    public static void ForgetDatabase(string name) => Databases.TryRemove(name, out _);

    private static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1)
        {
            return;
        }
        Console.CancelKeyPress += (_, e) =>
        {
            // Cleaned up first, then ended at once: the run's own code would otherwise go on against a dropped database.
            e.Cancel = true;
            RunAll("interrupted");
            Environment.Exit(130);
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => RunAll("exiting");
    }

    private static void RunAll(string why)
    {
        if (Processes.IsEmpty && Databases.IsEmpty)
        {
            return;
        }
        Console.Error.WriteLine($"benchmark {why}: stopping {Processes.Count} processes and dropping {Databases.Count} databases it made");
        foreach (var process in Processes.Values)
        {
            Processes.TryRemove(process.Id, out _);
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
        foreach (var (name, drop) in Databases)
        {
            Databases.TryRemove(name, out _);
            try
            {
                drop().Wait(TimeSpan.FromSeconds(20));
            }
            catch (AggregateException error)
            {
                Console.Error.WriteLine($"  could not drop {name}: {error.InnerException?.Message}");
            }
        }
    }
}
