using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using OrleansKombo.UnitTests.Infrastructure;

namespace OrleansKombo.Tests.Infrastructure;

/// <summary>
/// A built host (silo or gateway) running as a real process, the way ./run.sh starts it, until the test disposes it
/// (SIGTERM, so a silo leaves the membership table as Dead; killed if it does not stop).
/// </summary>
public sealed class RunningHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private RunningHost(Process process) => _process = process;

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What it printed so far (stdout and stderr), for a failure message.</summary>
    public string Output => string.Join('\n', _output);

    public static RunningHost Start(string project, string dll, IDictionary<string, string> environment)
    {
        var directory = RepoPaths.HostOutput(project);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(directory, dll));
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{dll} did not start");
        var host = new RunningHost(process);
        process.OutputDataReceived += (_, e) => host.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill!.WaitForExitAsync();
            }
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token).ContinueWith(_ => { });
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null && _output.Count < 2_000)
        {
            _output.Enqueue(line);
        }
    }
}
