using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace OrleansKombo.Tests.Infrastructure;

public sealed class KomboClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
        clientBuilder.UseAdoNetClustering(o =>
        {
            o.Invariant = "Npgsql";
            o.ConnectionString = configuration.GetConnectionString("Postgres");
        });
}
