using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Configuration;
using OrleansKombo.Grains;

namespace OrleansKombo.Hosting;

public static class SiloBuilderExtensions
{
    private const string Invariant = "Npgsql";

    /// <summary>
    /// Who this silo is and where it listens (CONTRACT.md §1), so several silos can share a host. It listens on the
    /// advertised address only, unless <c>Orleans:ListenOnAnyAddress</c> says every interface.
    /// </summary>
    internal static ISiloBuilder UseKomboEndpoints(this ISiloBuilder silo, SiloSettings settings) => silo
        .Configure<ClusterOptions>(o =>
        {
            o.ClusterId = settings.ClusterId;
            o.ServiceId = settings.ServiceId;
        })
        .ConfigureEndpoints(settings.AdvertisedAddress, settings.SiloPort, settings.GatewayPort, settings.ListenOnAnyAddress);

    /// <summary>
    /// Mutual TLS on every silo connection, in and out, and on the gateway port (<c>Orleans:Tls</c>); nothing when it is
    /// not configured. The test cluster's silos call this too.
    /// </summary>
    public static ISiloBuilder UseKomboTls(this ISiloBuilder silo, ClusterTls? tls) =>
        tls is null ? silo : silo.UseTls(tls.Configure);

    /// <summary>Membership through PostgreSQL: silos find each other, and gateways find silos, in one table.</summary>
    public static ISiloBuilder UseKomboClustering(this ISiloBuilder silo, string connectionString) => silo
        .UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });

    /// <summary>
    /// Grain state, reminders and the grains' own tables in PostgreSQL. Grain state is System.Text.Json so it
    /// stays readable in SQL; the data source is shared by everything in the silo that talks to PostgreSQL.
    /// </summary>
    public static ISiloBuilder UseKomboPersistence(this ISiloBuilder silo, string connectionString)
    {
        silo.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        return silo
            .UseSystemTextJsonGrainStorageSerializer()
            .AddAdoNetGrainStorage(StorageNames.Postgres, o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            })
            .UseAdoNetReminderService(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
    }
}
