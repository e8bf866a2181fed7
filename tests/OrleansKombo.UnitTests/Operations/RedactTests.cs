using CsCheck;

namespace OrleansKombo.UnitTests.Operations;

/// <summary>
/// The one redaction rule (issue 14, "nothing revealing"): a link keeps where it leads and loses its token; an endpoint
/// keeps only its origin; nothing that is not an http(s) URL is shown at all.
/// </summary>
public sealed class RedactTests
{
    [Theory]
    [InlineData("https://assessments.example.com/take/order-1?token=0123abcd", "https://assessments.example.com/take/order-1?token=***")]
    [InlineData("https://user:pa55@vendor.example:8443/hooks/a?token=t&flag&x=", "https://vendor.example:8443/hooks/a?token=***&flag&x=***")]
    [InlineData("http://vendor.example/cb#secret-fragment", "http://vendor.example/cb")]
    [InlineData("https://vendor.example", "https://vendor.example/")]
    [InlineData("ftp://vendor.example/file?token=t", "***")]
    [InlineData("not a url token=abc", "***")]
    [InlineData(null, "***")]
    public void A_link_keeps_its_path_and_loses_every_query_value_and_its_user_info(string? url, string shown) =>
        Assert.Equal(shown, Redact.Url(url));

    [Theory]
    [InlineData("https://hooks.vendor.example/T000/B000/XXXXsecret", "https://hooks.vendor.example/***")]
    [InlineData("https://vendor.example:8443/cb?key=abc", "https://vendor.example:8443/***")]
    [InlineData("https://admin:pa55@vendor.example/", "https://vendor.example/")]
    [InlineData("vendor.example/cb", "***")]
    public void An_endpoint_shows_only_its_origin(string url, string shown) => Assert.Equal(shown, Redact.Endpoint(url));

    [Fact]
    public void A_secret_shows_only_whether_it_is_set()
    {
        Assert.Equal("***", Redact.Secret("dev-api-key-0123456789"));
        Assert.Equal("(none)", Redact.Secret(""));
    }

    [Fact]
    public void No_token_or_credential_survives_in_any_link_or_endpoint()
    {
        var secret = Gen.String[Gen.Char.AlphaNumeric, 12, 40];
        var path = Gen.String[Gen.Char.AlphaNumeric, 1, 20];
        Gen.Select(secret, secret, path, Gen.Int[0, 3]).Sample((token, password, segment, place) =>
        {
            var url = place switch
            {
                0 => $"https://assessments.example.com/take/{segment}?token={token}",
                1 => $"https://assessments.example.com/take/{segment}?a=1&token={Uri.EscapeDataString(token + "/+=")}&b",
                2 => $"https://svc:{password}@vendor.example/{segment}?sig={token}#{token}",
                _ => $"https://vendor.example:9443/{segment}/{token}",
            };

            Assert.DoesNotContain(password, Redact.Url(url));
            Assert.DoesNotContain(token, Redact.Endpoint(url));
            if (place < 3)
            {
                Assert.DoesNotContain(token, Redact.Url(url));
            }
        }, iter: 2_000);
    }
}
