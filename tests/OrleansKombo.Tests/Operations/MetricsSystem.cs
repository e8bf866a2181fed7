using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Kombo.Sandbox;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Operations;

/// <summary>
/// A silo process as ./run.sh starts it (with its metrics port), the real gateway in front of it and the Kombo sandbox:
/// one integration goes through "setup pending" (a Kombo error code) to a finished pull, then both /metrics are scraped.
/// </summary>
public sealed class MetricsSystem : IAsyncLifetime
{
    public KomboSandbox Sandbox { get; private set; } = null!;

    public RunningHost Silo { get; private set; } = null!;

    public TestGateway Gateway { get; private set; } = null!;

    public int MetricsPort { get; } = FreePort();

    public SandboxIntegration Integration { get; private set; } = null!;

    public string SiloScrape { get; private set; } = "";

    public string GatewayScrape { get; private set; } = "";

    /// <summary>A tiny OTLP/HTTP receiver both hosts export their traces to (OTEL_EXPORTER_OTLP_ENDPOINT).</summary>
    public OtlpReceiver Otlp { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await TestDatabase.EnsureMigratedAsync();
        Sandbox = await KomboSandbox.StartAsync(new SandboxOptions
        {
            WebhookSecret = TestGateway.WebhookSecret,
            WebhookRetryDelay = TimeSpan.FromMilliseconds(200),
        });
        Otlp = await OtlpReceiver.StartAsync();
        var (clusterId, serviceId) = ($"metrics-{Guid.NewGuid():N}", $"svc-{Guid.NewGuid():N}");
        Silo = RunningHost.Start("Silo", "OrleansKombo.Silo.dll", new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = TestDatabase.ConnectionString,
            ["Kombo__BaseUrl"] = Sandbox.BaseUrl,
            ["Kombo__ApiKey"] = Sandbox.ApiKey,
            ["Orleans__ClusterId"] = clusterId,
            ["Orleans__ServiceId"] = serviceId,
            ["Orleans__SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Orleans__MetricsPort"] = MetricsPort.ToString(CultureInfo.InvariantCulture),
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Otlp.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });
        Gateway = await TestGateway.StartAsync(clusterId, serviceId, new Dictionary<string, string>
        {
            ["Gateway:MetricsRefreshInterval"] = "00:00:00.200",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Otlp.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });
        await Poll.UntilAsync(async () =>
        {
            Assert.False(Silo.HasExited, Silo.Output);
            return (await Gateway.Http.GetAsync("/health/ready")).IsSuccessStatusCode;
        }, "the silo process joins and the gateway is ready", TimeSpan.FromSeconds(90));
        Sandbox.Webhooks.Url = new Uri(Gateway.BaseAddress, "/webhooks/kombo").ToString();

        Integration = Sandbox.CreateIntegration(new IntegrationSpec
        {
            Scale = new GeneratorScale { Jobs = 5, Candidates = 10, Applications = 15, Users = 3, Tags = 2 },
            Seed = 15,
        });
        await Poll.UntilAsync(async () => await LastPullStatusAsync() == "NOT_READY",
            "integration-created makes the grain ask Kombo, which answers INTEGRATION.SETUP_SYNC_PENDING", TimeSpan.FromSeconds(60));
        await Integration.FinishSync().Webhooks;
        await Poll.UntilAsync(async () => await LastPullStatusAsync() == "SUCCEEDED", "the first pull finishes", TimeSpan.FromSeconds(90));

        using var scraper = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        // The gateway's gauges are read every 200 ms: wait until a reading has seen the finished pull's watermark.
        await Poll.UntilAsync(async () =>
        {
            GatewayScrape = await Gateway.Http.GetStringAsync("/metrics");
            return GatewayScrape.Contains("kombo_integration_lag_worst_seconds", StringComparison.Ordinal);
        }, "the gateway's read-model gauges see the pulled integration");
        SiloScrape = await scraper.GetStringAsync($"http://127.0.0.1:{MetricsPort}/metrics");
    }

    private async Task<string?> LastPullStatusAsync()
    {
        var answer = await Gateway.Api.GetAsync($"/api/integrations/{Integration.Id}");
        if (answer.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }
        var body = await answer.Content.ReadFromJsonAsync<JsonElement>();
        return body.TryGetProperty("last_pull", out var pull) && pull.ValueKind == JsonValueKind.Object
            ? pull.GetProperty("status").GetString()
            : null;
    }

    public async Task DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }
        if (Silo is not null)
        {
            await Silo.DisposeAsync();
        }
        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }
        if (Otlp is not null)
        {
            await Otlp.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
