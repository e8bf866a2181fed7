using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace OrleansKombo.Tests.Golden;

/// <summary>
/// Calls the gateway and keeps every answer for the golden files. <see cref="Section"/> names the file the next
/// exchanges go to. Answers are returned parsed, so the scenario can follow cursors and pick ids from them.
/// </summary>
public sealed class GoldenRecorder(HttpClient api, HttpClient anonymous)
{
    private readonly List<GoldenExchange> _exchanges = [];

    public string Section { get; set; } = "";

    public IReadOnlyList<GoldenExchange> Exchanges => _exchanges;

    public async Task<JsonElement> GetAsync(string path, string? note = null) => Parse(await SendAsync(HttpMethod.Get, path, null, note));

    /// <summary>A list whose order follows ids the run generated: compared sorted by their placeholders.</summary>
    public async Task<JsonElement> GetUnorderedAsync(string path, string? note = null) =>
        Parse(await SendAsync(HttpMethod.Get, path, null, note, unordered: true));

    /// <summary>Without the API key.</summary>
    public async Task<JsonElement> GetAnonymousAsync(string path, string? note = null) =>
        Parse(await SendAsync(HttpMethod.Get, path, null, note, client: anonymous));

    /// <summary>GETs <paramref name="path"/> (with a query string) and every page after it through <c>next</c>.</summary>
    public async Task<List<JsonElement>> GetAllPagesAsync(string path, string? note = null)
    {
        var results = new List<JsonElement>();
        var page = await GetAsync(path, note);
        for (var pages = 1; ; pages++)
        {
            Assert.True(page.ValueKind == JsonValueKind.Object && page.TryGetProperty("results", out _), $"{path}: not a page: {page}");
            results.AddRange(page.GetProperty("results").EnumerateArray());
            if (page.GetProperty("next").GetString() is not { } next)
            {
                return results;
            }
            Assert.True(pages < 100, $"{path}: more than 100 pages");
            page = await GetAsync($"{path}&cursor={Uri.EscapeDataString(next)}");
        }
    }

    public async Task<JsonElement> PostAsync(string path, object? body = null, string? note = null) =>
        Parse(await SendAsync(HttpMethod.Post, path, body is null ? null : JsonContent.Create(body), note));

    /// <param name="racing">A key of the answer that races background work the PUT started (see <see cref="GoldenExchange.Racing"/>).</param>
    public async Task<JsonElement> PutAsync(string path, object body, string? note = null, string? racing = null) =>
        Parse(await SendAsync(HttpMethod.Put, path, JsonContent.Create(body), note, racing: racing));

    /// <summary>A request whose body is not JSON we built (malformed on purpose).</summary>
    public async Task<JsonElement> SendRawAsync(HttpMethod method, string path, string body, string? note = null) =>
        Parse(await SendAsync(method, path, new StringContent(body, Encoding.UTF8, "application/json"), note));

    /// <summary>An answer the gateway gave elsewhere (a webhook delivery), kept like the others.</summary>
    public void Record(string method, string path, string? note, int status, string? body) =>
        _exchanges.Add(new GoldenExchange(Section, method, path, note, status, null, body ?? ""));

    private async Task<GoldenExchange> SendAsync(HttpMethod method, string path, HttpContent? content, string? note,
        bool unordered = false, HttpClient? client = null, string? racing = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await (client ?? api).SendAsync(request);
        var exchange = new GoldenExchange(Section, method.Method, path, note, (int)response.StatusCode,
            response.Headers.Location?.OriginalString, await response.Content.ReadAsStringAsync(), unordered, racing);
        _exchanges.Add(exchange);
        return exchange;
    }

    private static JsonElement Parse(GoldenExchange exchange) =>
        exchange.Body.Length == 0 ? default : JsonDocument.Parse(exchange.Body).RootElement.Clone();
}
