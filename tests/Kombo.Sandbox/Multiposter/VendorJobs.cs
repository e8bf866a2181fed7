using System.Globalization;
using System.Text;
using System.Text.Json;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;

namespace Kombo.Sandbox.Multiposter;

/// <summary>
/// The jobs a vendor already has, or a multiposter sends, for an integration's ATS jobs, derived from the sandbox's data
/// by seed: some carry the ATS id, the job code or the post URL (each as it gets mangled on the way), some only a title
/// reworded ("Senior" for "Sr.", another gender tag, no place, other case, no accents), and some are jobs the ATS does
/// not have. Matching them with <see cref="VendorJobSample.TrueJobId"/> beside measures how many would be linked wrongly.
/// </summary>
public static class VendorJobs
{
    /// <summary>Roles no generated title has, so a vendor job with one has no ATS job.</summary>
    private static readonly string[] UnknownRoles =
    [
        "Warehouse Associate", "Steuerfachangestellte (m/w/d)", "Chief Happiness Officer", "Payroll Specialist", "Legal Counsel",
        "Barista", "Elektroniker für Betriebstechnik", "Pilot A320", "Community Manager", "Tierarzt (m/w/d)",
    ];

    public static IReadOnlyList<VendorJobSample> For(SandboxIntegration integration, int seed)
    {
        var random = new Random(seed);
        var samples = new List<VendorJobSample>();
        foreach (var summary in integration.Records(SandboxModel.Jobs).Where(r => !r.Deleted))
        {
            using var json = JsonDocument.Parse(integration.RecordJson(SandboxModel.Jobs, summary.Id)!);
            var job = json.RootElement;
            var name = Text(job, "name");
            if (name is null)
            {
                continue;
            }
            var vendorId = $"vendor-{samples.Count + 1:00000}";
            var roll = random.NextDouble();
            if (roll < 0.15 && Text(job, "remote_id") is { } remoteId)
            {
                samples.Add(new VendorJobSample(vendorId, Reword(name, random), null, null, remoteId, summary.Id, VendorJobKind.RemoteId));
            }
            else if (roll < 0.30 && Text(job, "job_code") is { } code)
            {
                var typed = random.Next(3) switch { 0 => code.ToLowerInvariant(), 1 => $" {code} ", _ => code };
                samples.Add(new VendorJobSample(vendorId, Reword(name, random), typed, null, null, summary.Id, VendorJobKind.JobCode));
            }
            else if (roll < 0.50 && Text(job, "post_url") is { } url)
            {
                samples.Add(new VendorJobSample(vendorId, Reword(name, random), null, Mangle(url, random), null, summary.Id, VendorJobKind.PostUrl));
            }
            else if (roll < 0.85 && Text(job, "status") == "OPEN")
            {
                samples.Add(new VendorJobSample(vendorId, Reword(name, random), null, null, null, summary.Id, VendorJobKind.Title));
            }
            if (random.NextDouble() < 0.1)
            {
                var role = UnknownRoles[random.Next(UnknownRoles.Length)];
                samples.Add(new VendorJobSample($"vendor-{samples.Count + 1:00000}", Reword(role, random), null, null, null, null, VendorJobKind.Unknown));
            }
        }
        return samples;
    }

    /// <summary>One or two of the rewordings vendors make of a title.</summary>
    public static string Reword(string title, Random random)
    {
        for (var i = random.Next(1, 3); i > 0; i--)
        {
            title = random.Next(7) switch
            {
                0 => Swap(title, ("Senior ", "Sr. "), ("Sr. ", "Senior "), ("Junior ", "Jr. "), ("Jr. ", "Junior ")),
                1 => Swap(title, (" (m/w/d)", " (m/f/d)"), (" (m/f/d)", ""), (" (all genders)", " (m/w/d)"), (" (w/m/d)", "")),
                2 => Swap(title, (" – Berlin", ""), (" (Remote)", " - Remote"), (" – München", ""), (" - Hamburg", " Hamburg")),
                3 => random.Next(2) == 0 ? title.ToUpperInvariant() : title.ToLowerInvariant(),
                4 => WithoutAccents(title),
                5 => title.Replace(" Engineer", "-Engineer", StringComparison.Ordinal).Replace(" Manager", "-Manager", StringComparison.Ordinal),
                _ => title.Contains('(') ? title : title + " (m/w/d)",
            };
        }
        return title.Trim();
    }

    /// <summary>The URL as a job board passes it on: http, a host in capitals, a slash, tracking parameters, a fragment.</summary>
    public static string Mangle(string url, Random random)
    {
        var uri = new Uri(url);
        var host = random.Next(3) == 0 ? uri.Host.ToUpperInvariant() : uri.Host;
        var scheme = random.Next(3) == 0 ? "http" : uri.Scheme;
        var path = uri.AbsolutePath.EndsWith('/') ? uri.AbsolutePath.TrimEnd('/') : uri.AbsolutePath + (random.Next(2) == 0 ? "/" : "");
        var query = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("utm_", StringComparison.Ordinal) || random.Next(2) == 0)
            .Concat(random.Next(2) == 0 ? ["utm_source=stepstone", "utm_medium=cpc"] : random.Next(2) == 0 ? ["gclid=EAIaIQobChMI"] : [])
            .OrderBy(_ => random.Next())
            .ToList();
        var fragment = random.Next(4) == 0 ? "#apply" : "";
        return $"{scheme}://{host}{path}{(query.Count > 0 ? "?" + string.Join('&', query) : "")}{fragment}";
    }

    private static string Swap(string title, params (string From, string To)[] swaps)
    {
        foreach (var (from, to) in swaps)
        {
            if (title.Contains(from, StringComparison.Ordinal))
            {
                return title.Replace(from, to, StringComparison.Ordinal);
            }
        }
        return title;
    }

    private static string WithoutAccents(string text) => new(text.Normalize(NormalizationForm.FormD)
        .Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray());

    private static string? Text(JsonElement record, string field) =>
        record.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
