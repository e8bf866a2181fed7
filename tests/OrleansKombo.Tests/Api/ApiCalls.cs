using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansKombo.Tests.Api;

/// <summary>Internal API calls that expect an answer: 200 with the JSON body, or an error in Kombo's shape.</summary>
public static class ApiCalls
{
    public static async Task<JsonElement> GetJsonAsync(this HttpClient api, string path)
    {
        var response = await api.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>Follows <c>next</c> from the first page to the last; the path must already have a query string.</summary>
    public static async Task<List<JsonElement>> GetAllPagesAsync(this HttpClient api, string path)
    {
        var results = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await api.GetJsonAsync(cursor is null ? path : $"{path}&cursor={cursor}");
            results.AddRange(page.GetProperty("results").EnumerateArray());
            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null);
        return results;
    }

    /// <summary>Expects the status with Kombo's error shape, its message naming <paramref name="mentions"/>.</summary>
    public static async Task AssertErrorAsync(this HttpClient api, string path, HttpStatusCode expected, string mentions)
    {
        var response = await api.GetAsync(path);
        Assert.True(response.StatusCode == expected, $"GET {path}: expected {(int)expected}, got {(int)response.StatusCode}");
        Assert.Contains(mentions, await response.ErrorMessageAsync());
    }

    public static async Task<string> ErrorMessageAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("message").GetString()!;

    public static List<string> Ids(this IEnumerable<JsonElement> results, string property = "id") =>
        results.Select(r => r.GetProperty(property).GetString()!).ToList();
}
