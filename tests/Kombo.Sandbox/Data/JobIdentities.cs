using System.Globalization;
using System.Text;

namespace Kombo.Sandbox.Data;

/// <summary>
/// What tells jobs apart as ATSs hold them: titles with the near-duplicates a matcher must not confuse ("Senior Backend
/// Engineer (m/w/d)", "Sr. Backend Engineer", "Junior Backend Engineer – Berlin"), job codes in one of a few house styles
/// per integration, and post URLs in one of a few career-site styles, some with tracking parameters. Drawn from a
/// Random of its own, seeded from the integration's seed: the record factory's stream makes the same draws as before,
/// so a seed still gives every other field the value it always had.
/// </summary>
internal sealed class JobIdentities
{
    private const int CodeStyles = 4;
    private const int UrlStyles = 4;

    private static readonly string[] Seniorities = ["Senior ", "Sr. ", "Junior ", "Jr. ", "Lead "];
    private static readonly string[] GenderTags = [" (m/w/d)", " (m/f/d)", " (all genders)", " (w/m/d)"];
    private static readonly string[] Places = [" – Berlin", " (Remote)", " – München", " - Hamburg"];
    private static readonly string[] Tracking =
        ["utm_source=linkedin&utm_medium=social", "utm_source=indeed&utm_campaign=q3-hiring", "gclid=Cj0KCQjw", "src=careers-page", "ref=ats"];

    private readonly Random random;
    private readonly int codeStyle;
    private readonly int urlStyle;
    private readonly string company;
    private readonly string tool;
    private readonly Dictionary<string, int> slugs = new(StringComparer.Ordinal);
    private int codeCounter;

    public JobIdentities(int seed, string tool)
    {
        random = new Random(unchecked(seed * 486_187_739 + 0x5EED));
        this.tool = tool;
        codeStyle = random.Next(CodeStyles);
        urlStyle = random.Next(UrlStyles);
        company = random.Next(3) switch { 0 => "example-corp", 1 => "acme-gruppe", _ => "globex" };
    }

    private bool Chance(double p) => random.NextDouble() < p;

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>
    /// A title of the family <paramref name="family"/> (an index into <see cref="Vocabulary.JobTitles"/>): its base, often
    /// with a seniority, a gender tag or a place, in the forms German and English job ads use.
    /// </summary>
    public string Title(int family)
    {
        var title = Vocabulary.JobTitles[family % Vocabulary.JobTitles.Length];
        if (Vocabulary.RoleTitles.Contains(title) && Chance(0.55))
        {
            title = Pick(Seniorities) + title;
        }
        if (!title.Contains('(') && !title.Contains(':') && title.All(char.IsAscii) && Chance(0.4))
        {
            title += Pick(GenderTags);
        }
        if (Chance(0.15))
        {
            title += Pick(Places);
        }
        return title;
    }

    /// <summary>The integration's house style: JOB-2025-1042, REQ-1042, R250017, JR0001042 (unique per job).</summary>
    public string Code(DateTime createdAt, string remoteId) => codeStyle switch
    {
        0 => $"JOB-{createdAt.Year}-{remoteId}",
        1 => $"REQ-{remoteId}",
        2 => string.Create(CultureInfo.InvariantCulture, $"R{createdAt.Year % 100:00}{++codeCounter:0000}"),
        _ => $"JR{remoteId.PadLeft(7, '0')}",
    };

    /// <summary>
    /// The public posting in the integration's career-site style. Slug-only sites number a repeated slug
    /// ("…/backend-engineer-2"), as content systems do; a fifth of the URLs carry tracking parameters.
    /// </summary>
    public string PostUrl(string remoteId, string? title)
    {
        var url = urlStyle switch
        {
            0 => $"https://jobs.{company}.com/post/{remoteId}",
            1 => $"https://careers.{company}.com/en/jobs/{remoteId}-{Slug(title)}/",
            2 => $"https://{company}.jobs.{tool}.example/job/{remoteId}?language=de",
            _ => $"https://www.{company}.com/karriere/{UniqueSlug(title)}",
        };
        return Chance(0.2) ? url + (url.Contains('?') ? "&" : "?") + Pick(Tracking) : url;
    }

    private string UniqueSlug(string? title)
    {
        var slug = Slug(title);
        var seen = slugs[slug] = slugs.GetValueOrDefault(slug) + 1;
        return seen == 1 ? slug : $"{slug}-{seen}";
    }

    /// <summary>The title as a URL slug: ASCII letters and digits, accents dropped, the rest hyphens.</summary>
    private static string Slug(string? title)
    {
        var text = new StringBuilder();
        foreach (var c in (title ?? "job").Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                text.Append(c);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && text.Length > 0 && text[^1] != '-')
            {
                text.Append('-');
            }
        }
        var slug = text.ToString().Trim('-');
        return slug.Length == 0 ? "job" : slug;
    }
}
