using System.Diagnostics;
using OrleansKombo.UnitTests.Infrastructure;

namespace OrleansKombo.Tests.Infrastructure;

/// <summary>Runs a built host (silo or gateway) as a real process, the way ./run.sh does.</summary>
public static class HostProcess
{
    public sealed record Outcome(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>Runs a command (e.g. <c>dotnet pack</c>) in the repository's root to its end.</summary>
    public static async Task<Outcome> RunCommandAsync(string command, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo(command)
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not exit within {timeout.TotalSeconds} s; output: {await stdout} {await stderr}");
        }
        return new Outcome(process.ExitCode, await stdout, await stderr);
    }

    public static async Task<Outcome> RunToExitAsync(string project, string dll, IDictionary<string, string> environment,
        TimeSpan timeout, params string[] args)
    {
        var directory = RepoPaths.HostOutput(project);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(directory, dll));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{dll} did not exit within {timeout.TotalSeconds} s; output: {await stdout} {await stderr}");
        }
        return new Outcome(process.ExitCode, await stdout, await stderr);
    }
}
