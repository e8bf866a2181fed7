using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using OpenTelemetry.Metrics;
using OrleansKombo.Grains.Operations;

namespace OrleansKombo.Hosting;

/// <summary>
/// The silo's Prometheus endpoint (CONTRACT.md §3 Operations): <c>http://&lt;AdvertisedIP&gt;:&lt;MetricsPort&gt;/metrics</c>
/// with Orleans' own meters, the .NET runtime's and <see cref="SiloMetrics"/>. It listens on the advertised address only,
/// like the silo's other ports, so it is reachable where the silo says it is and nowhere else.
/// </summary>
internal static class SiloTelemetry
{
    /// <summary>Orleans' meter (messaging, grains, membership, storage, reminders).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    public static IServiceCollection AddSiloTelemetry(this IServiceCollection services, SiloSettings settings, IConfiguration configuration)
    {
        if (KomboTracing.Enabled(configuration))
        {
            services.AddOpenTelemetry()
                .ConfigureResource(r => r.AddService("orleans-kombo-silo"))
                .WithTracing(tracing => tracing.AddKomboSources().AddOtlpExporter());
        }
        if (settings.MetricsPort == 0)
        {
            return services;
        }
        EnsureFree(settings);
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(OrleansMeter, SiloMetrics.MeterName)
            .AddRuntimeInstrumentation()
            .AddPrometheusHttpListener(o =>
            {
                o.Host = settings.AdvertisedIP;
                o.Port = settings.MetricsPort;
            }));
        return services;
    }

    /// <summary>
    /// A port already taken (a second silo on the host with the default) would otherwise only be logged by the exporter,
    /// leaving a silo without metrics that nobody notices; this stops it at start with one line naming the setting.
    /// </summary>
    private static void EnsureFree(SiloSettings settings)
    {
        var probe = new TcpListener(settings.AdvertisedAddress, settings.MetricsPort);
        try
        {
            probe.Start();
        }
        catch (SocketException e)
        {
            throw new StartupFailure(
                $"Orleans:MetricsPort {settings.MetricsPort} cannot be opened on {settings.AdvertisedIP} ({e.SocketErrorCode}); a second silo on this host sets another port (or 0 for none).");
        }
        finally
        {
            probe.Stop();
        }
    }
}
