using CsCheck;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Jobs;

/// <summary>
/// The normalisers of migration 0800, which the jobs API's filters and the job links both use: job_post_url_key (one
/// normaliser for post URLs), job_title_key and job_code_key. Examples by hand, and properties over generated URLs and
/// titles, evaluated by PostgreSQL in batches.
/// </summary>
public sealed class JobKeyRuleTests
{
    /// <summary>Written out apart from the SQL: what a job board or ad network adds to a link.</summary>
    private static readonly string[] TrackingNames =
    [
        "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "UTM_Source", "gclid", "fbclid", "msclkid", "dclid",
        "mc_cid", "mc_eid", "_ga", "_gl", "ref", "referrer", "src", "source", "gh_src", "lever-source", "trk", "igshid", "li_fat_id",
    ];

    /// <summary>Parameters that say which page or job it is, so they stay.</summary>
    private static readonly string[] KeptNames = ["id", "lang", "language", "job", "jobId", "gh_jid", "page", "team", "location", "q"];

    public static TheoryData<string?, string?> Urls => new()
    {
        { "https://Jobs.Example.com/post/7/?utm_source=linkedin&utm_medium=social", "jobs.example.com/post/7" },
        { "http://jobs.example.com/post/7", "jobs.example.com/post/7" },
        { "jobs.example.com/post/7#apply", "jobs.example.com/post/7" },
        { "//jobs.example.com/post/7", "jobs.example.com/post/7" },
        { "  https://www.jobs.example.com:443/post/7//  ", "jobs.example.com/post/7" },
        { "https://user:secret@EXAMPLE.com./x", "example.com/x" },
        { "https://example.com:8080/x", "example.com:8080/x" },
        { "example.com:8080/x", "example.com:8080/x" },
        { "https://example.com/Path/To/Job", "example.com/Path/To/Job" },
        { "https://example.com/job?lang=de&id=5&gclid=x&Ref=y", "example.com/job?id=5&lang=de" },
        { "https://example.com/job?id=5&&id=4", "example.com/job?id=4&id=5" },
        { "https://example.com/job?", "example.com/job" },
        { "https://example.com", "example.com" },
        { "https://example.com/", "example.com" },
        { "", null },
        { "   ", null },
        { null, null },
    };

    [Theory]
    [MemberData(nameof(Urls))]
    public async Task A_post_url_key_drops_scheme_host_case_www_default_port_trailing_slash_fragment_and_tracking_parameters(string? url, string? key)
    {
        await TestDatabase.EnsureMigratedAsync();

        Assert.Equal(key, await TestDatabase.ScalarAsync<string>("SELECT job_post_url_key(@u)", ("u", (object?)url ?? DBNull.Value)));
    }

    private static readonly Gen<string> Label = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"], 1, 10].Where(l => l != "www");
    private static readonly Gen<string> Segment = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~%"], 1, 12];
    private static readonly Gen<string> Value = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789-_.%+"], 0, 8];
    private static readonly Gen<string> Kept = Gen.Select(Gen.OneOf(KeptNames), Value).Select((name, value) => $"{name}={value}");
    private static readonly Gen<string> Tracking = Gen.Select(Gen.OneOf(TrackingNames), Value).Select((name, value) => $"{name}={value}");

    /// <summary>A URL in its plain form: https, lower-case host, no www., a path without a trailing slash, kept parameters.</summary>
    private static readonly Gen<(string Host, string Path, string[] Query)> Url =
        Gen.Select(Label.Array[1, 3], Gen.OneOf("com", "de", "io", "example"), Segment.Array[0, 4], Kept.Array[0, 3])
            .Select((labels, tld, path, query) => (string.Join('.', labels) + "." + tld, string.Concat(path.Select(p => "/" + p)), query));

    private static string Plain((string Host, string Path, string[] Query) url) =>
        $"https://{url.Host}{url.Path}{(url.Query.Length > 0 ? "?" + string.Join('&', url.Query) : "")}";

    /// <summary>The same URL as it comes back from a job board: any scheme or none, host case, www., default port, slashes, tracking, order, fragment.</summary>
    private static Gen<string> Mangled((string Host, string Path, string[] Query) url) =>
        Gen.Select(Gen.OneOf("https://", "http://", "HTTPS://", "//", ""), Gen.Bool, Gen.Bool, Gen.OneOf("", ":443", ":80"), Gen.Int[0, 2],
                Tracking.Array[0, 3], Gen.Int, Gen.OneOf("", "#apply", "#"))
            .Select((scheme, upper, www, port, slashes, tracking, order, fragment) =>
            {
                var host = (www ? "www." : "") + (upper ? url.Host.ToUpperInvariant() : url.Host);
                var query = url.Query.Concat(tracking).OrderBy(p => HashCode.Combine(p, order)).ToArray();
                return $" {scheme}{host}{port}{url.Path}{new string('/', slashes)}{(query.Length > 0 ? "?" + string.Join('&', query) : "")}{fragment} ";
            });

    [Fact]
    public async Task Any_url_and_its_mangled_forms_share_a_key_and_a_key_is_its_own_key()
    {
        await TestDatabase.EnsureMigratedAsync();

        await Url.SelectMany(url => Mangled(url).Select(mangled => (Plain(url), mangled))).Array[100].SampleAsync(async pairs =>
        {
            await using var command = TestDatabase.DataSource.CreateCommand("""
                SELECT p, m, job_post_url_key(p), job_post_url_key(m), job_post_url_key(job_post_url_key(p))
                  FROM unnest(@plain, @mangled) AS u(p, m)
                """);
            command.Parameters.AddWithValue("plain", pairs.Select(p => p.Item1).ToArray());
            command.Parameters.AddWithValue("mangled", pairs.Select(p => p.Item2).ToArray());
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var key = reader.GetString(2);
                Assert.True(key == reader.GetString(3), $"'{reader.GetString(0)}' → {key}, but '{reader.GetString(1)}' → {reader.GetString(3)}");
                Assert.Equal(key, reader.GetString(4));
            }
        }, iter: 20);
    }

    [Fact]
    public async Task Urls_differing_in_host_path_or_a_kept_parameter_keep_different_keys()
    {
        await TestDatabase.EnsureMigratedAsync();
        var differing = Gen.Select(Url, Gen.Int[0, 2], Label).Select((url, what, extra) => (Plain(url), Plain(what switch
        {
            0 => url with { Host = extra + "." + url.Host },
            1 => url with { Path = url.Path + "/" + extra },
            _ => url with { Query = [.. url.Query, $"page={extra}"] },
        })));

        await differing.Array[100].SampleAsync(async pairs =>
        {
            await using var command = TestDatabase.DataSource.CreateCommand(
                "SELECT a, b FROM unnest(@a, @b) AS u(a, b) WHERE job_post_url_key(a) IS NOT DISTINCT FROM job_post_url_key(b)");
            command.Parameters.AddWithValue("a", pairs.Select(p => p.Item1).ToArray());
            command.Parameters.AddWithValue("b", pairs.Select(p => p.Item2).ToArray());
            await using var reader = await command.ExecuteReaderAsync();
            Assert.False(await reader.ReadAsync(), "two different URLs got one key");
        }, iter: 20);
    }

    public static TheoryData<string, string?> Titles => new()
    {
        { "Senior Backend Engineer (m/w/d)", "senior backend engineer" },
        { "Sr. Backend-Engineer", "senior backend engineer" },
        { "SNR BACKEND ENGINEER (M/F/D)", "senior backend engineer" },
        { "Jr. Data Analyst (f/m/x)", "junior data analyst" },
        { "Backend Engineer m/w/d", "backend engineer" },
        { "Ingénieur·e Logiciel (H/F)", "ingenieur e logiciel" },
        { "Head of People & Culture (all genders)", "head of people culture" },
        { "C# / C++ Developer", "c# c++ developer" },
        { "Lagerlogistiker:in", "lagerlogistiker in" },
        { "50%_Teilzeit\\Stelle", "50 teilzeit stelle" },
        { "データサイエンティスト", "データサイエンティスト" },
        { "(m/w/d)", null },
        { " – ", null },
    };

    [Theory]
    [MemberData(nameof(Titles))]
    public async Task A_title_key_ignores_case_accents_gender_tags_and_punctuation_and_reads_sr_and_jr(string title, string? key)
    {
        await TestDatabase.EnsureMigratedAsync();

        Assert.Equal(key, await TestDatabase.ScalarAsync<string>("SELECT job_title_key(@t)", ("t", title)));
    }

    [Fact]
    public async Task Any_run_of_a_titles_words_finds_the_title_however_it_is_cased_accented_or_tagged()
    {
        await TestDatabase.EnsureMigratedAsync();
        var word = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyzäöüéèß"], 2, 9].Where(w => w is not ("sr" or "snr" or "jr" or "jnr"));
        var sample = Gen.Select(word.Array[1, 6], Gen.Int[0, 5], Gen.Int[1, 6], Gen.OneOf("", " (m/w/d)", " (all genders)", " – "), Gen.Bool)
            .Select((words, start, length, tag, upper) =>
            {
                var title = string.Join(' ', words) + tag;
                var from = start % words.Length;
                var q = string.Join(' ', words.Skip(from).Take(Math.Max(1, Math.Min(length, words.Length - from))));
                return (title, upper ? q.ToUpperInvariant() : q);
            });

        await sample.Array[100].SampleAsync(async pairs =>
        {
            await using var command = TestDatabase.DataSource.CreateCommand("""
                SELECT t, q, job_title_key(t) FROM unnest(@titles, @queries) AS u(t, q)
                 WHERE NOT coalesce(job_title_key(t) LIKE '%' || job_title_key(q) || '%', false)
                    OR job_title_key(t) ~ '[%_\\]|  |^ | $'
                """);
            command.Parameters.AddWithValue("titles", pairs.Select(p => p.title).ToArray());
            command.Parameters.AddWithValue("queries", pairs.Select(p => p.Item2).ToArray());
            await using var reader = await command.ExecuteReaderAsync();
            Assert.False(await reader.ReadAsync(), "a title not found by a run of its words, or a key with a wildcard or stray space");
        }, iter: 10);
    }

    [Theory]
    [InlineData(" ENG-42 ", "eng-42")]
    [InlineData("eng-42", "eng-42")]
    [InlineData("\tR260017\n", "r260017")]
    [InlineData("  ", null)]
    public async Task A_job_code_key_ignores_surrounding_whitespace_and_case(string code, string? key)
    {
        await TestDatabase.EnsureMigratedAsync();

        Assert.Equal(key, await TestDatabase.ScalarAsync<string>("SELECT job_code_key(@c)", ("c", code)));
    }
}
