using Orleans.Configuration;
using OrleansKombo.Hosting;

namespace OrleansKombo.Gateway.Hosting;

public static class ClusterClientSetup
{
    /// <summary>
    /// The gateway is an Orleans client, not a silo: it finds silos through the same PostgreSQL membership table.
    /// It keeps trying while no silo is up, and it starts its web server meanwhile so liveness answers and
    /// readiness says why it is not ready.
    /// </summary>
    public static WebApplicationBuilder AddClusterClient(this WebApplicationBuilder builder, string postgres)
    {
        var tls = ClusterTls.Read(builder.Configuration, ClusterRole.Client);
        builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(builder.Configuration.GetSection("Orleans"));
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = postgres;
            });
            client.UseKomboTls(tls);
            client.UseConnectionRetryFilter<ClusterConnectionRetry>();
            // A webhook's trace continues into the grain it calls (KomboTracing).
            client.AddActivityPropagation();
        });
        return builder;
    }

    /// <summary>
    /// Mutual TLS to the silos' gateway ports (<c>Orleans:Tls</c>, the same keys the silos read); nothing when it is not
    /// configured. The test cluster's client calls this too.
    /// </summary>
    public static IClientBuilder UseKomboTls(this IClientBuilder client, ClusterTls? tls) =>
        tls is null ? client : client.UseTls(tls.Configure);
}
