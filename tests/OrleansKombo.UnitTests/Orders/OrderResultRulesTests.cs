using System.Text.Json.Nodes;
using CsCheck;
using OrleansKombo.Orders;

namespace OrleansKombo.UnitTests.Orders;

/// <summary>
/// The rules a result must meet before we take it, beyond the shapes ResultBodyTests generates from Kombo's schema:
/// <c>remote_fields</c> (Kombo's two typed keys, our size limit), the fields each status and kind needs, and numbers
/// JSON cannot carry.
/// </summary>
public sealed class OrderResultRulesTests
{
    private const string Url = "https://r.example/1";

    private static IReadOnlyList<string> Problems(OrderResult result) => OrderResultRules.Problems(result);

    private static OrderResult WithRemoteFields(string json) => new(ResultStatus.Open, Url, RemoteFields: new RemoteFields(json));

    [Theory]
    [InlineData("""{"smartrecruiters":"Excellent"}""", "remote_fields.smartrecruiters must be an object")]
    [InlineData("""{"smartrecruiters":{"scoreLabel":3}}""", "remote_fields.smartrecruiters.scoreLabel must be a string")]
    [InlineData("""{"recruitee":{"subtitle":7}}""", "remote_fields.recruitee.subtitle must be a string")]
    [InlineData("""{"recruitee":[]}""", "remote_fields.recruitee must be an object")]
    [InlineData("\"Excellent\"", "remote_fields must be an object")]
    [InlineData("[]", "remote_fields must be an object")]
    public void Remote_fields_kombo_would_refuse_are_refused_naming_the_key(string json, string problem) =>
        Assert.Contains(problem, Assert.Single(Problems(WithRemoteFields(json))));

    [Fact]
    public void Any_other_remote_fields_pass_through_whatever_they_hold()
    {
        var typed = Gen.String[Gen.Char["abc éü日\"\\"], 0, 10].Select(s => (JsonNode?)JsonValue.Create(s));
        var other = Gen.OneOf(typed, Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i)), Gen.Const((JsonNode?)null),
            Gen.Bool.Select(b => (JsonNode?)new JsonArray(JsonValue.Create(b))));
        var tool = Gen.Select(Gen.Bool, typed, Gen.String[Gen.Char["xyz"], 1, 5], other).Select((withKey, value, key, extra) =>
        {
            var fields = new JsonObject { [key] = extra };
            if (withKey)
            {
                fields["scoreLabel"] = value?.DeepClone();
                fields["subtitle"] = value?.DeepClone();
            }
            return fields;
        });
        Gen.Select(tool, tool, Gen.String[Gen.Char["abcdef_"], 1, 8], other).Sample((smartrecruiters, recruitee, key, extra) =>
        {
            var remoteFields = new JsonObject { ["smartrecruiters"] = smartrecruiters, ["recruitee"] = recruitee, ["x_" + key] = extra };

            Assert.Empty(Problems(WithRemoteFields(remoteFields.ToJsonString())));
        }, iter: 500);
    }

    [Fact]
    public void Remote_fields_are_taken_up_to_64_KiB_of_utf8_and_no_more()
    {
        // {"k":"…"} is 8 bytes around the value; é is two bytes in UTF-8.
        var limit = OrderResultRules.MaxRemoteFieldsBytes;
        string Of(int bytes) => $$"""{"k":"{{new string('é', (bytes - 8) / 2)}}{{new string('a', (bytes - 8) % 2)}}"}""";

        Assert.Empty(Problems(WithRemoteFields(Of(limit))));
        Assert.Contains("larger than", Assert.Single(Problems(WithRemoteFields(Of(limit + 1)))));
    }

    [Theory]
    [InlineData(ResultStatus.Completed, true)]
    [InlineData(ResultStatus.Cancelled, true)]
    [InlineData(ResultStatus.Open, false)]
    public void A_finished_result_needs_completed_at(ResultStatus status, bool needed)
    {
        Assert.Equal(needed, Problems(new OrderResult(status, Url)).Any(p => p.Contains("completed_at", StringComparison.Ordinal)));
        Assert.Empty(Problems(new OrderResult(status, Url, CompletedAt: DateTimeOffset.UnixEpoch)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a url")]
    [InlineData("results/1")]
    // Not here: "/results/1", which Kombo's format "uri" refuses but System.Uri on Linux reads as file:///results/1, so we
    // take it today. Issue 11 changes no behaviour; the gap is reported to be fixed on its own.
    public void The_result_url_must_be_absolute(string? url) =>
        Assert.Contains("result_url", Assert.Single(Problems(new OrderResult(ResultStatus.Open, url!))));

    [Fact]
    public void Numbers_json_cannot_carry_are_refused()
    {
        Gen.OneOf(Gen.Const(double.NaN), Gen.Const(double.PositiveInfinity), Gen.Const(double.NegativeInfinity)).Sample(bad =>
        {
            Assert.Equal(2, Problems(new OrderResult(ResultStatus.Open, Url, Score: bad, MaxScore: bad)).Count);
            var attribute = new ResultAttribute(ResultAttributeType.SubResult, "Part", Id: "p", Score: new SubResultScore(bad, 10),
                Status: ResultStatus.Completed);
            Assert.Contains("attributes[0].score", Assert.Single(Problems(new OrderResult(ResultStatus.Open, Url, Attributes: [attribute]))));
        });
    }

    [Fact]
    public void Each_attribute_kind_has_exactly_its_own_fields()
    {
        var text = new ResultAttribute(ResultAttributeType.Text, "Fit", Value: "Good");
        var sub = new ResultAttribute(ResultAttributeType.SubResult, "Part", Id: "p", Score: new SubResultScore(3, 10), Status: ResultStatus.Completed);

        Assert.Empty(Problems(new OrderResult(ResultStatus.Open, Url, Attributes: [text, sub])));
        Assert.Contains("attributes[0]", Assert.Single(Problems(new OrderResult(ResultStatus.Open, Url, Attributes: [text with { Id = "x" }]))));
        Assert.Contains("attributes[1].status", Assert.Single(Problems(new OrderResult(ResultStatus.Open, Url,
            Attributes: [text, sub with { Status = ResultStatus.Open }]))));
        Assert.Contains("max", Assert.Single(Problems(new OrderResult(ResultStatus.Open, Url, Attributes: [sub with { Score = new SubResultScore(0, 0.5) }]))));
    }

    [Fact]
    public void At_most_five_attachments_each_with_exactly_one_of_data_and_data_url()
    {
        Gen.Int[0, 9].Sample(count =>
        {
            var attachments = Enumerable.Range(0, count).Select(i => new ResultAttachment($"r{i}.pdf", "application/pdf", Data: "SGk=")).ToList();

            Assert.Equal(count > OrderResultRules.MaxAttachments, Problems(new OrderResult(ResultStatus.Open, Url, Attachments: attachments)).Count == 1);
        });
        var both = new ResultAttachment("r.pdf", "application/pdf", Data: "SGk=", DataUrl: "https://f.example/r.pdf");
        var neither = new ResultAttachment("r.pdf", "application/pdf");
        Assert.Contains("exactly one of data and data_url", Assert.Single(Problems(new OrderResult(ResultStatus.Open, Url, Attachments: [both]))));
        Assert.Contains("exactly one of data and data_url", Assert.Single(Problems(new OrderResult(ResultStatus.Open, Url, Attachments: [neither]))));
        Assert.Contains("must be base64", Assert.Single(Problems(new OrderResult(ResultStatus.Open, Url,
            Attachments: [new ResultAttachment("r.pdf", "application/pdf", Data: "not base64!")]))));
    }

    [Fact]
    public void An_attachment_s_data_is_taken_up_to_its_limit_decoded_and_no_more()
    {
        OrderResult With(int bytes) => new(ResultStatus.Open, Url,
            Attachments: [new ResultAttachment("report.pdf", "application/pdf", Data: Convert.ToBase64String(new byte[bytes]))]);

        Assert.Empty(Problems(With(OrderResultRules.MaxAttachmentDataBytes)));
        Assert.Contains("at most 5242880 are taken", Assert.Single(Problems(With(OrderResultRules.MaxAttachmentDataBytes + 1))));
    }

    [Theory]
    [InlineData("https://r.example/1", true)]
    [InlineData("http://r.example:8080/a?b=c#d", true)]
    [InlineData("HTTPS://R.EXAMPLE/1", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData("/results/1", false)]
    [InlineData("ftp://r.example/1", false)]
    [InlineData("https:///nohost", false)]
    [InlineData("", false)]
    public void Result_and_attachment_urls_must_be_http_or_https(string url, bool taken)
    {
        Assert.Equal(taken, Problems(new OrderResult(ResultStatus.Open, url)).Count == 0);
        Assert.Equal(taken, Problems(new OrderResult(ResultStatus.Open, Url, Attachments: [new ResultAttachment("r.pdf", DataUrl: url)])).Count == 0);
    }
}
