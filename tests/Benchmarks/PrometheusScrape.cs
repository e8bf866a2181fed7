using System.Globalization;

namespace OrleansKombo.Benchmarks;

/// <summary>A process's Prometheus /metrics (a silo's on Orleans:MetricsPort, the gateway's on its own port), read as samples.</summary>
public static class PrometheusScrape
{
    /// <summary>One sample: the metric's name, its labels as written (<c>{type="…"}</c> or empty) and its value.</summary>
    public sealed record Sample(string Name, string Labels, double Value);

    /// <summary>Every sample, or null when the endpoint cannot be read.</summary>
    /// <param name="metrics">The /metrics URL, absolute or relative to <paramref name="http"/>'s base address.</param>
    public static async Task<IReadOnlyList<Sample>?> ReadAsync(HttpClient http, string metrics = "/metrics")
    {
        string text;
        try
        {
            text = await http.GetStringAsync(metrics);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            // name{labels} value: the labels may hold spaces, the value is the last field.
            var space = line.LastIndexOf(' ');
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var end = brace >= 0 && brace < space ? brace : line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0 || end <= 0
                || !double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }
            samples.Add(new Sample(line[..end], brace >= 0 && brace < space ? line[brace..space].TrimEnd() : "", value));
        }
        return samples;
    }
}
