using System.Net;
using System.Text.Json;
using OrleansKombo.Grains.Integrations;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Integrations;
using OrleansKombo.UnitTests.Infrastructure;

namespace OrleansKombo.UnitTests.Kombo;

/// <summary>
/// The one table from Kombo's <c>error.code</c> to a behaviour (KomboErrors.Table): the README shows exactly it, it
/// covers every code Kombo's OpenAPI lists for ATS and assessment calls, and an unknown code falls back to the status.
/// </summary>
public sealed class KomboErrorTableTests
{
    private const string OpenApi = "kombo/openapi.json";

    /// <summary>The rows of the README's "Kombo's error codes" table: code, kind, behaviour.</summary>
    private static List<(string Code, string Kind, string Behaviour)> ReadmeRows()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "README.md"));
        var start = Array.FindIndex(lines, l => l.StartsWith('#') && l.TrimStart('#').Trim() == "Kombo's error codes");
        Assert.True(start >= 0, "README.md has no section \"Kombo's error codes\"");
        return lines.Skip(start + 1)
            .TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal))
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim().Trim('`')).ToArray())
            .Select(c => (c[0], c[1], c[2]))
            .ToList();
    }

    [Fact]
    public void The_readme_table_is_exactly_the_code_table()
    {
        var readme = ReadmeRows();
        var code = KomboErrors.Table.Select(r => (r.Code, r.Kind.ToString(), r.Behaviour)).ToList();

        Assert.Equal(code.Count, readme.Count);
        foreach (var row in code)
        {
            Assert.Contains(row, readme);
        }
        Assert.Equal(readme.Count, readme.Select(r => r.Code).Distinct().Count());
    }

    [SharedFileFact(OpenApi)]
    public void Every_code_kombo_lists_for_ats_and_assessment_calls_has_a_row()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedFiles.Path(OpenApi)));
        var listed = document.RootElement.GetProperty("components").GetProperty("responses").GetProperty("ErrorResponseATS")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("properties")
            .GetProperty("error").GetProperty("properties").GetProperty("code").GetProperty("enum")
            .EnumerateArray().Select(c => c.GetString()!).ToHashSet();

        Assert.NotEmpty(listed);
        Assert.Equal(listed.Order(), KomboErrors.Table.Select(r => r.Code).Order());
    }

    [Theory]
    [InlineData(429, true, KomboErrorKind.Throttled)]
    [InlineData(408, true, KomboErrorKind.Transient)]
    [InlineData(500, true, KomboErrorKind.Transient)]
    [InlineData(502, false, KomboErrorKind.Transient)]
    [InlineData(503, true, KomboErrorKind.Transient)]
    [InlineData(400, true, KomboErrorKind.Rejected)]
    [InlineData(403, true, KomboErrorKind.Rejected)]
    [InlineData(404, true, KomboErrorKind.Rejected)]
    public void An_unknown_code_falls_back_to_the_http_status(int status, bool envelope, KomboErrorKind kind) =>
        Assert.Equal(kind, KomboErrors.Classify((HttpStatusCode)status, "PLATFORM.SOMETHING_NEW_" + status, envelope));

    [Fact]
    public void A_kombo_envelope_without_a_code_answered_503_is_the_guides_first_sync_pending_and_a_bare_503_is_an_outage()
    {
        Assert.Equal(KomboErrorKind.NotReady, KomboErrors.Classify(HttpStatusCode.ServiceUnavailable, null, hasEnvelope: true));
        Assert.Equal(KomboErrorKind.Transient, KomboErrors.Classify(HttpStatusCode.ServiceUnavailable, null, hasEnvelope: false));
        Assert.Equal(PullStatus.NotReady, PullSetback.For(new KomboApiException(HttpStatusCode.ServiceUnavailable, null,
            "The first sync of this integration didn't finish yet!", null, null)).Status);
    }

    [Fact]
    public void Every_kind_the_pull_waits_after_has_a_setback_and_a_retry_after_is_never_cut_short()
    {
        var waitedAfter = Enum.GetValues<KomboErrorKind>()
            .Except([KomboErrorKind.ModelUnavailable, KomboErrorKind.IntegrationGone, KomboErrorKind.IntegrationInactive]);
        foreach (var kind in waitedAfter)
        {
            var row = KomboErrors.Table.FirstOrDefault(r => r.Kind == kind);
            var error = new KomboApiException(kind == KomboErrorKind.Throttled ? HttpStatusCode.TooManyRequests : HttpStatusCode.BadRequest,
                row?.Code ?? "PLATFORM.SOMETHING_NEW", "no", null, TimeSpan.FromMinutes(20));
            var setback = PullSetback.For(error);
            Assert.Equal(kind, setback.Kind);
            Assert.Equal(kind is KomboErrorKind.NotReady or KomboErrorKind.SetupIncomplete or KomboErrorKind.QaFailed
                ? PullStatus.NotReady : PullStatus.Failed, setback.Status);
            for (var attempt = 1; attempt <= 30; attempt++)
            {
                var wait = setback.Wait(attempt);
                Assert.InRange(wait, setback.First * 0.8, kind == KomboErrorKind.Throttled ? TimeSpan.FromMinutes(20) : setback.Cap * 1.2);
                if (kind == KomboErrorKind.Throttled)
                {
                    Assert.True(wait >= TimeSpan.FromMinutes(20), $"attempt {attempt} waits {wait}, less than Retry-After");
                }
            }
        }
    }
}
