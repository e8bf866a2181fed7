using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using OrleansKombo.Gateway.Hosting;
using OrleansKombo.Hosting;

namespace OrleansKombo.Tests.Infrastructure;

/// <summary>The test cluster's own client: the same clustering, and the same TLS (Orleans:Tls) as the gateway.</summary>
public sealed class KomboClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) => clientBuilder
        .UseAdoNetClustering(o =>
        {
            o.Invariant = "Npgsql";
            o.ConnectionString = configuration.GetConnectionString("Postgres");
        })
        .UseKomboTls(ClusterTls.Read(configuration, ClusterRole.Client));
}
