using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OrleansKombo.Integrations;

namespace OrleansKombo.Benchmarks;

/// <summary>
/// The cluster a benchmark starts, from the benchmark's side: a free port for a process it starts, an Orleans client
/// connected to the run's silos, and a wait for an integration's pull to succeed.
/// </summary>
public static class BenchCluster
{
    public static async Task<IntegrationStatus> WaitForPullAsync(IIntegrationGrain grain, DateTimeOffset since, Action<IntegrationStatus> sample)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(20);
        string? reported = null;
        while (DateTime.UtcNow < deadline)
        {
            var status = await grain.GetStatus();
            sample(status);
            if (status is { PullInProgress: null, LastPull: { Status: "SUCCEEDED" } pull } && pull.StartedAt >= since)
            {
                return status;
            }
            // Each setback once, not once per poll while the pull waits out its backoff.
            if (status.LastPull is { Status: "FAILED" or "NOT_READY" } failed && $"{failed.StartedAt:O} {failed.Error}" is var key && key != reported)
            {
                reported = key;
                Console.WriteLine($"  (setback at {failed.StartedAt:HH:mm:ss}: {failed.Status} {failed.Error})");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
        throw new TimeoutException("the pull did not finish within 20 minutes");
    }

    /// <param name="serviceId">The silos' Orleans:ServiceId: the silo's default, or <c>bench-&lt;run&gt;</c> for <see cref="BenchmarkProcesses"/>' silos.</param>
    public static async Task<IHost> ConnectAsync(string postgres, string clusterId, string serviceId = "orleans-kombo")
    {
        var host = Host.CreateApplicationBuilder();
        host.Logging.SetMinimumLevel(LogLevel.Warning);
        // "Could not find any gateway" every second until the silo it was started with is up: expected, not news.
        host.Logging.AddFilter("Orleans.Messaging.GatewayManager", LogLevel.Error);
        host.UseOrleansClient(client => client
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, serviceId))
            .UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", postgres))
            .UseConnectionRetryFilter(async (_, cancellation) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
                return true;
            }));
        var app = host.Build();
        await app.StartAsync();
        return app;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
