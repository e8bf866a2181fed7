using System.Diagnostics;
using OrleansKombo.UnitTests.Infrastructure;

namespace OrleansKombo.Tests.Infrastructure;

/// <summary>Runs a built host (silo or gateway) as a real process, the way ./run.sh does.</summary>
public static class HostProcess
{
    public sealed record Outcome(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>Runs a command (e.g. <c>dotnet pack</c>) in the repository's root to its end.</summary>
    public static Task<Outcome> RunCommandAsync(string command, TimeSpan timeout, params string[] args) =>
        RunAsync(new ProcessStartInfo(command) { WorkingDirectory = RepoPaths.Root }, args, command, timeout);

    public static Task<Outcome> RunToExitAsync(string project, string dll, IDictionary<string, string> environment,
        TimeSpan timeout, params string[] args)
    {
        var directory = RepoPaths.HostOutput(project);
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory };
        start.ArgumentList.Add(Path.Combine(directory, dll));
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        return RunAsync(start, args, dll, timeout);
    }

    /// <summary>Starts <paramref name="start"/> with <paramref name="args"/> appended and waits for its end, killing it after <paramref name="timeout"/>.</summary>
    /// <param name="name">What the timeout's message calls the process.</param>
    private static async Task<Outcome> RunAsync(ProcessStartInfo start, string[] args, string name, TimeSpan timeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
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
            throw new TimeoutException($"{name} did not exit within {timeout.TotalSeconds} s; output: {await stdout} {await stderr}");
        }
        return new Outcome(process.ExitCode, await stdout, await stderr);
    }
}
