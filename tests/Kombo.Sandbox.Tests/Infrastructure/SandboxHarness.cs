using System.Net;
using System.Text;
using System.Text.Json;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;

namespace Kombo.Sandbox.Tests.Infrastructure;

/// <summary>A sandbox wired to a webhook receiver, with fast retries, and helpers to call it over real HTTP.</summary>
public sealed class SandboxHarness : IAsyncDisposable
{
    public const string Secret = "test-webhook-secret";

    private SandboxHarness(KomboSandbox sandbox, WebhookReceiver receiver)
    {
        Sandbox = sandbox;
        Receiver = receiver;
        Control = new HttpClient { BaseAddress = new Uri(sandbox.ControlUrl + "/") };
    }

    public KomboSandbox Sandbox { get; }

    public WebhookReceiver Receiver { get; }

    /// <summary>Plain client for <c>/sandbox/</c>.</summary>
    public HttpClient Control { get; }

    public static async Task<SandboxHarness> StartAsync(Func<SandboxOptions, SandboxOptions>? configure = null)
    {
        var receiver = await WebhookReceiver.StartAsync();
        var options = new SandboxOptions
        {
            WebhookUrl = receiver.Url,
            WebhookSecret = Secret,
            WebhookRetryDelay = TimeSpan.FromMilliseconds(10),
        };
        var sandbox = await KomboSandbox.StartAsync(configure?.Invoke(options) ?? options);
        return new SandboxHarness(sandbox, receiver);
    }

    public SandboxIntegration Ready(GeneratorScale? scale = null, int? seed = null) =>
        Sandbox.CreateIntegration(new IntegrationSpec { Ready = true, Scale = scale ?? GeneratorScale.Small, Seed = seed });

    public HttpClient Client(SandboxIntegration integration) => Sandbox.CreateClient(integration.Id);

    public static async Task<(HttpStatusCode Status, JsonElement Body)> GetJson(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text));
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> Send(HttpClient client, HttpMethod method, string path, string json)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text));
    }

    /// <summary>Reads every page of a list endpoint; <paramref name="betweenPages"/> runs between pages (to change data mid-read).</summary>
    public static async Task<List<JsonElement>> ReadAll(HttpClient client, string endpoint, string query = "", int pageSize = 250, Action<int>? betweenPages = null)
    {
        var records = new List<JsonElement>();
        var separator = query.Length == 0 ? "" : "&";
        string? cursor = null;
        for (var page = 0; ; page++)
        {
            var path = cursor is null ? $"{endpoint}?page_size={pageSize}{separator}{query}" : $"{endpoint}?page_size={pageSize}&cursor={Uri.EscapeDataString(cursor)}";
            var (status, body) = await GetJson(client, path);
            Assert.True(status == HttpStatusCode.OK, $"{path} answered {(int)status}: {body}");
            records.AddRange(body.GetProperty("data").GetProperty("results").EnumerateArray());
            cursor = body.GetProperty("data").GetProperty("next").GetString();
            if (cursor is null)
            {
                return records;
            }
            betweenPages?.Invoke(page);
        }
    }

    public static List<string> Ids(IEnumerable<JsonElement> records) => records.Select(r => r.GetProperty("id").GetString()!).ToList();

    public async ValueTask DisposeAsync()
    {
        Control.Dispose();
        await Sandbox.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
