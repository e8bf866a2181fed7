using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Runtime.Messaging;
using OrleansKombo.Operations;
using OrleansKombo.Tests.Infrastructure;
using OrleansKombo.UnitTests.Infrastructure;

namespace OrleansKombo.Tests.Foundation;

/// <summary>
/// The cluster is not an open door (issue 14): a silo listens only on its advertised address unless told otherwise,
/// and with Orleans:Tls every connection, silo to silo and client to silo, is mutual TLS with a certificate the cluster
/// trusts. Certificates are made here, at test time.
/// </summary>
public sealed class ClusterSecurityTests
{
    private const string Password = "cluster-secret-0123";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_silo_listens_on_its_advertised_address_only_unless_told_to_listen_on_every_interface(bool anyAddress)
    {
        await TestDatabase.EnsureMigratedAsync();
        var (siloPort, gatewayPort) = (FreePort(), FreePort());
        await using var silo = RunningHost.Start("Silo", "OrleansKombo.Silo.dll", new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = TestDatabase.ConnectionString,
            ["Kombo__ApiKey"] = "no-kombo-in-this-test",
            ["Orleans__ClusterId"] = $"test-{Guid.NewGuid():N}",
            ["Orleans__ServiceId"] = $"svc-{Guid.NewGuid():N}",
            ["Orleans__AdvertisedIP"] = "127.0.0.1",
            ["Orleans__SiloPort"] = siloPort.ToString(),
            ["Orleans__GatewayPort"] = gatewayPort.ToString(),
            ["Orleans__MetricsPort"] = FreePort().ToString(),
            ["Orleans__ListenOnAnyAddress"] = anyAddress ? "true" : "false",
        });

        IPEndPoint[] listeners = [];
        await Poll.UntilAsync(() =>
        {
            Assert.False(silo.HasExited, silo.Output);
            listeners = IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners()
                .Where(l => l.Port == siloPort || l.Port == gatewayPort).ToArray();
            return Task.FromResult(listeners.Select(l => l.Port).Distinct().Count() == 2);
        }, "the silo listens on its silo and gateway ports", TimeSpan.FromSeconds(60));

        var addresses = listeners.Select(l => l.Address).Distinct().ToArray();
        if (anyAddress)
        {
            Assert.All(addresses, a => Assert.True(a.Equals(IPAddress.Any) || a.Equals(IPAddress.IPv6Any), $"listens on {a}"));
        }
        else
        {
            Assert.Equal([IPAddress.Loopback], addresses);
        }
    }

    [Fact]
    public async Task With_tls_silos_and_clients_holding_the_cluster_certificate_talk_and_any_other_client_is_refused()
    {
        using var shared = TestCertificates.SelfSigned("kombo-cluster");
        var settings = new Dictionary<string, string>
        {
            ["Orleans:Tls:CertificatePath"] = TestCertificates.WritePfx(shared, Password),
            ["Orleans:Tls:CertificatePassword"] = Password,
        };
        var cluster = new PostgresCluster { InitialSilos = 2, Settings = settings };
        await cluster.InitializeAsync();
        try
        {
            // Silo to silo: both joined, which takes their probes of each other over TLS; the test host's own client too.
            await Poll.UntilAsync(async () => await TestDatabase.ScalarAsync<long>(
                    "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = @id AND status = 3", ("id", cluster.ClusterId)) == 2,
                "both TLS silos are Active");
            Assert.NotEmpty(await cluster.Grains.GetGrain<IClusterProbeGrain>(0).Ping());

            // The gateway, configured like the silos, is ready (its readiness is a grain call).
            await using (var gateway = await TestGateway.StartAsync(cluster.ClusterId, cluster.ServiceId, settings))
            {
                await gateway.WaitUntilReadyAsync();
            }
            Assert.Null(await TryClientAsync(cluster, c => c.UseTls(shared, o => o.AllowAnyRemoteCertificate())));

            using var stranger = TestCertificates.SelfSigned("kombo-cluster");
            // Refused at the handshake: no TLS, TLS with a certificate of its own making, TLS with none.
            Assert.IsType<ConnectionFailedException>(await TryClientAsync(cluster, tls: null));
            Assert.IsType<ConnectionFailedException>(await TryClientAsync(cluster, c => c.UseTls(stranger, o => o.AllowAnyRemoteCertificate())));
            Assert.IsType<ConnectionFailedException>(await TryClientAsync(cluster, c => c.UseTls(o => o.AllowAnyRemoteCertificate())));
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_gateway_with_an_unreadable_tls_certificate_exits_naming_the_setting()
    {
        var outcome = await HostProcess.RunToExitAsync("Gateway", "OrleansKombo.Gateway.dll", new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = TestDatabase.ConnectionString,
            ["Gateway__ApiKeys__0"] = TestGateway.ApiKey,
            ["Kombo__WebhookSecret"] = TestGateway.WebhookSecret,
            ["Orleans__Tls__CertificatePath"] = "/nonexistent/cluster.pfx",
            ["Orleans__Tls__CertificatePassword"] = Password,
        }, TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, outcome.ExitCode);
        Assert.StartsWith("error: Orleans:Tls:CertificatePath", outcome.StandardError.Trim());
        Assert.DoesNotContain(Password, outcome.StandardOutput + outcome.StandardError);
    }

    /// <summary>
    /// An ordinary Orleans client of the cluster, as anyone who reaches the gateway port could build one; it does not
    /// check the silos' certificate (an attacker would not), so only the silos' verdict counts.
    /// Returns null when a grain call went through, or what stopped it.
    /// </summary>
    private static async Task<Exception?> TryClientAsync(PostgresCluster cluster, Action<IClientBuilder>? tls)
    {
        using var host = new HostBuilder().UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
            client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", TestDatabase.ConnectionString));
            client.UseConnectionRetryFilter((_, _) => Task.FromResult(false));
            tls?.Invoke(client);
        }).Build();
        try
        {
            await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await host.Services.GetRequiredService<IClusterClient>().GetGrain<IClusterProbeGrain>(0).Ping().WaitAsync(TimeSpan.FromSeconds(30));
            return null;
        }
        catch (Exception e) when (e is not TimeoutException)
        {
            return e;
        }
        finally
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await host.StopAsync(stop.Token).ContinueWith(_ => { });
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
