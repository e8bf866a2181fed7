using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Net.Http.Headers;
using System.Net.Sockets;
using OrleansKombo.Gateway;
using OrleansKombo.UnitTests.Infrastructure;

namespace OrleansKombo.Tests.Infrastructure;

/// <summary>The real gateway, in-process on a loopback port, as an Orleans client of the given cluster.</summary>
public sealed class TestGateway : IAsyncDisposable
{
    public const string ApiKey = "test-api-key-0123456789";
    public const string WebhookSecret = "test-webhook-secret-0123456789";

    private readonly WebApplication _app;
    private readonly Task _running;

    private TestGateway(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Api = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        // The host finishes starting only once a silo answers, while the web server already listens.
        _running = app.StartAsync();
    }

    public Uri BaseAddress { get; }

    /// <summary>Anonymous client (webhooks, health).</summary>
    public HttpClient Http { get; }

    /// <summary>Client that sends the internal API key.</summary>
    public HttpClient Api { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Signs and posts webhooks the way Kombo does.</summary>
    public KomboWebhookSender Webhooks => new(Http, WebhookSecret);

    public Task WaitUntilReadyAsync() => Poll.UntilAsync(
        async () => (await Http.GetAsync("/health/ready")).IsSuccessStatusCode, "the gateway is ready", TimeSpan.FromSeconds(60));

    public static async Task<TestGateway> StartAsync(string clusterId, string serviceId, IDictionary<string, string>? settings = null,
        string? connectionString = null)
    {
        var port = FreePort();
        var args = new Dictionary<string, string>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["contentRoot"] = Path.Combine(RepoPaths.Root, "Gateway"),
            ["ConnectionStrings:Postgres"] = connectionString ?? TestDatabase.ConnectionString,
            ["Orleans:ClusterId"] = clusterId,
            ["Orleans:ServiceId"] = serviceId,
            ["Gateway:ApiKeys:0"] = ApiKey,
            ["Kombo:WebhookSecret"] = WebhookSecret,
            ["Gateway:WebhookSweepInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            args[key] = value;
        }

        // Its log lines go where the silos' do, so a test can prove that nothing personal reached any log.
        var app = await GatewayApp.BuildAsync(args.Select(a => $"--{a.Key}={a.Value}").ToArray(),
            builder => builder.Services.AddSingleton<ILoggerProvider, CapturedLogs>());
        var gateway = new TestGateway(app, new Uri($"http://127.0.0.1:{port}"));
        await Poll.UntilAsync(async () => (await gateway.Http.GetAsync("/health/live")).IsSuccessStatusCode, "gateway listens");
        return gateway;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Api.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _app.StopAsync(timeout.Token);
        await _running.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        await _app.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
