using System.Net;
using System.Text.RegularExpressions;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.OperatorConsole;

/// <summary>The console over HTTP as a browser speaks it: cookies kept, redirects not followed, forms posted with their token.</summary>
internal sealed partial class ConsoleSession : IDisposable
{
    /// <param name="cookies">Another session's cookies, to carry them to another gateway (cookies ignore the port).</param>
    public ConsoleSession(Uri gateway, CookieContainer? cookies = null)
    {
        Handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies ?? new CookieContainer() };
        Http = new HttpClient(Handler) { BaseAddress = gateway };
    }

    public HttpClientHandler Handler { get; }

    public HttpClient Http { get; }

    public static async Task<ConsoleSession> SignedInAsync(Uri gateway)
    {
        var session = new ConsoleSession(gateway);
        var response = await session.PostFormAsync("/console/sign-in", "/console/sign-in", new() { ["key"] = TestGateway.ApiKey });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return session;
    }

    public async Task<string> PageAsync(string path)
    {
        var response = await Http.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The antiforgery token a page's forms carry.</summary>
    public static string TokenOf(string html) => WebUtility.HtmlDecode(Token().Match(html).Groups[1].Value);

    /// <summary>Posts a form the way the page's own form does: with the antiforgery token the page carries.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string page, string action, Dictionary<string, string> fields, bool withToken = true)
    {
        var html = await PageAsync(page);
        var form = new Dictionary<string, string>(fields);
        if (withToken)
        {
            form["__csrf"] = TokenOf(html);
        }
        return await Http.PostAsync(action, new FormUrlEncodedContent(form));
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__csrf\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
