using System.Diagnostics;
using Npgsql;

namespace OrleansKombo.Tests.Infrastructure;

/// <summary>
/// Searches a <c>pg_dump</c> of the whole test database (every table, every column, whatever wrote it) for text that must
/// not be stored anywhere, such as a candidate's phone number.
/// </summary>
public static class DatabaseDump
{
    /// <summary>PostgreSQL's pg_dump, as ./test.sh installs it (the newest under /usr/lib/postgresql), or the one on the PATH.</summary>
    private static string PgDump() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pg_dump")).Where(File.Exists)
                .OrderBy(p => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : new Version())
                .LastOrDefault() ?? "pg_dump"
            : "pg_dump";

    /// <summary>The dump's lines that contain any of <paramref name="needles"/> (at most 20), and the dump's size in bytes.</summary>
    public static async Task<(IReadOnlyList<string> Lines, long Bytes)> FindAsync(params string[] needles)
    {
        var connection = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString);
        var start = new ProcessStartInfo(PgDump())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "-h", connection.Host!, "-p", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-U", connection.Username!, "-d", connection.Database!, "--no-owner" },
            Environment = { ["PGPASSWORD"] = connection.Password },
        };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var found = new List<string>();
        long bytes = 0;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            bytes += line.Length + 1;
            if (found.Count < 20 && needles.Any(n => line.Contains(n, StringComparison.Ordinal)))
            {
                found.Add(line.Length > 300 ? line[..300] + "…" : line);
            }
        }
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"pg_dump failed ({process.ExitCode}): {await errors}");
        Assert.True(bytes > 0, "pg_dump wrote nothing");
        return (found, bytes);
    }
}
