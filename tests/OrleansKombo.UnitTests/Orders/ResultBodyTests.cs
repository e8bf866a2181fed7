using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Orders;
using OrleansKombo.UnitTests.Infrastructure;

namespace OrleansKombo.UnitTests.Orders;

/// <summary>
/// The result body against Kombo's own schema (openapi.json), with bodies generated from that schema: everything it
/// allows is taken and written back as it came, and what it refuses is refused (or, for a null, left out).
/// </summary>
public sealed class ResultBodyTests
{
    private const int Iterations = 300;

    // ---- patterns ---------------------------------------------------------------------------------------------

    [SharedFileFact(SharedFiles.OpenApi)]
    public void The_content_type_and_date_patterns_are_kombos_own()
    {
        Assert.Equal(OrderResultRules.ContentTypePattern, KomboResultSchema.ContentTypePattern);
        Assert.Equal(KomboDates.Pattern, KomboResultSchema.CompletedAtPattern);
    }

    [SharedFileTheory(SharedFiles.OpenApi)]
    [InlineData("application/pdf", true)]
    [InlineData("application/vnd.ms-excel", true)]
    [InlineData("text/x_custom.v1", true)]
    [InlineData("image/svg+xml", false)]
    [InlineData("application/pdf; charset=utf-8", false)]
    [InlineData("tëxt/plain", false)]
    [InlineData("application/pdf/x", false)]
    [InlineData("pdf", false)]
    [InlineData("", false)]
    public void A_content_type_is_taken_exactly_when_kombos_pattern_matches_it_as_ecmascript_reads_it(string contentType, bool valid)
    {
        // JSON Schema patterns are ECMAScript regular expressions: there \w is [A-Za-z0-9_], not every letter.
        var kombo = new Regex(KomboResultSchema.ContentTypePattern, RegexOptions.ECMAScript);
        Assert.Equal(valid, kombo.IsMatch(contentType));

        foreach (var attachment in new[]
                 {
                     new ResultAttachment("report.pdf", contentType, Data: "SGk="),
                     new ResultAttachment("report.pdf", contentType, DataUrl: "https://files.example/report.pdf"),
                 })
        {
            var problems = OrderResultRules.Problems(new OrderResult(ResultStatus.Open, "https://r.example/1", Attachments: [attachment]));
            Assert.True(valid == (problems.Count == 0), $"{contentType} with {(attachment.Data is null ? "data_url" : "data")}: {string.Join(" ", problems)}");
        }
    }

    [Theory]
    [InlineData("2023-04-04T10:11:12.345Z", "2023-04-04T10:11:12.3450000+00:00")]
    [InlineData("2023-04-04T10:11:12Z", "2023-04-04T10:11:12.0000000+00:00")]
    [InlineData("2023-04-04T10:11:12.345", "2023-04-04T10:11:12.3450000+00:00")]
    [InlineData("2023-04-04T10:11:12.123456789Z", "2023-04-04T10:11:12.1234567+00:00")]
    [InlineData("2023-04-04", "2023-04-04T00:00:00.0000000+00:00")]
    [InlineData("2023-04-04Z", "2023-04-04T00:00:00.0000000+00:00")]
    [InlineData("2023-04-04T12:11:12+02:00", "2023-04-04T10:11:12.0000000+00:00")]
    public void Every_completed_at_kombos_pattern_allows_is_read_as_utc(string text, string expected)
    {
        var result = Read($$"""{"status":"COMPLETED","result_url":"https://r.example/1","completed_at":"{{text}}"}""");

        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), result.CompletedAt);
    }

    [Theory]
    [InlineData("2023-02-30T00:00:00Z")]
    [InlineData("04/04/2023")]
    [InlineData("yesterday")]
    public void A_completed_at_that_is_no_date_is_refused(string text) =>
        Assert.Throws<JsonException>(() => Read($$"""{"status":"COMPLETED","result_url":"https://r.example/1","completed_at":"{{text}}"}"""));

    // ---- Kombo's examples -------------------------------------------------------------------------------------

    [SharedFileFact(SharedFiles.OpenApi)]
    public void Kombos_example_bodies_are_taken_and_written_as_they_came()
    {
        foreach (var example in new[] { SharedFiles.Read(SharedFiles.ResultExample), KomboResultSchema.Example })
        {
            Assert.Empty(KomboResultSchema.Errors(example));
            var result = Read(example);

            Assert.Empty(OrderResultRules.Problems(result));
            AssertSameJson(example, Written(result));
        }
    }

    // ---- generated from Kombo's schema ------------------------------------------------------------------------

    [SharedFileFact(SharedFiles.OpenApi)]
    public void Every_body_kombos_schema_allows_is_taken_and_written_back_as_it_came()
    {
        ResultBodies.Valid.Sample(body =>
        {
            var json = body.Json.ToJsonString();
            Assert.True(KomboResultSchema.Errors(json) is [], $"the generator made a body Kombo's schema refuses: {string.Join(", ", KomboResultSchema.Errors(json))}");

            var result = Read(json);

            Assert.Empty(OrderResultRules.Problems(result));
            var written = Written(result);
            Assert.Empty(KomboResultSchema.Errors(written));
            // completed_at comes out in Kombo's own format, the same instant; everything else exactly as it came.
            var expected = body.Json.DeepClone().AsObject();
            if (body.CompletedAt is { } completedAt)
            {
                expected["completed_at"] = KomboDates.Format(completedAt);
            }
            AssertSameJson(expected.ToJsonString(), written);
        }, iter: Iterations);
    }

    [SharedFileFact(SharedFiles.OpenApi)]
    public void A_body_kombos_schema_refuses_is_refused_or_written_as_kombo_takes_it()
    {
        ResultBodies.Refused.Sample(body =>
        {
            var json = body.Json.ToJsonString();
            Assert.True(KomboResultSchema.Errors(json) is not [], $"the mutation '{body.Mutation}' left a body Kombo's schema takes");

            OrderResult? result = null;
            IReadOnlyList<string> problems;
            try
            {
                result = Read(json);
                problems = OrderResultRules.Problems(result);
            }
            catch (JsonException e)
            {
                problems = [e.Message];
            }

            if (body.MustBeRefused)
            {
                Assert.True(problems.Count > 0, $"'{body.Mutation}' was taken: {json}");
            }
            else if (problems.Count == 0)
            {
                // A null where Kombo's schema wants a value is left out of what we write, which Kombo then takes.
                Assert.Empty(KomboResultSchema.Errors(Written(result!)));
            }
        }, iter: Iterations);
    }

    [Fact]
    public void A_body_whose_result_or_attachment_url_is_not_http_or_https_is_refused_though_kombo_s_schema_may_take_it()
    {
        ResultBodies.WithUrlNotHttp.Sample(body =>
        {
            var (json, where) = body;

            var problems = OrderResultRules.Problems(Read(json.ToJsonString()));

            Assert.Contains(problems, p => p.Contains("must be an absolute http or https URL", StringComparison.Ordinal));
            Assert.True(problems.Count > 0, where);
        }, iter: Iterations);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static OrderResult Read(string json) => JsonSerializer.Deserialize<OrderResult>(json, KomboJson.Options)!;

    /// <summary>The body exactly as the Kombo client sends it (Refit serializes with <see cref="KomboJson.Tolerant"/>).</summary>
    private static string Written(OrderResult result) => JsonSerializer.Serialize(KomboResultBody.From(result), KomboJson.Tolerant);

    private static void AssertSameJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected {expected}\nwritten  {actual}");
}
