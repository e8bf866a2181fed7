using System.Diagnostics;
using System.Globalization;

namespace OrleansKombo.Benchmarks;

/// <summary>
/// A real silo process (the Release build ./run.sh uses), so its memory can be read from /proc and nothing the
/// benchmark itself allocates is counted against it.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SiloProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public static SiloProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        var directory = Path.Combine(RunningSystem.Root, "Silo", "bin", "Release", "net10.0");
        var start = new ProcessStartInfo("dotnet", "OrleansKombo.Silo.dll")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("the silo did not start");
        // The pull's closing log line says where its time went; the rest of the silo's chatter stays out of the figures.
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("pull finished", StringComparison.Ordinal) == true)
            {
                Console.WriteLine("  silo: " + e.Data[(e.Data.IndexOf("Integration ", StringComparison.Ordinal) is var at and >= 0 ? at : 0)..]);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Console.Error.WriteLine("  silo: " + line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        BenchCleanup.Track(process);
        return new SiloProcess(process);
    }

    /// <summary>Resident memory now and at its peak, in MB (Linux /proc).</summary>
    public (double Rss, double Peak) Memory() => ProcessStats.Memory(_process.Id);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM: a graceful shutdown that marks the silo dead in the membership table.
            Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])?.WaitForExit();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token).ContinueWith(_ => { });
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        BenchCleanup.Forget(_process);
        _process.Dispose();
    }
}
