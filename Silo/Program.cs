using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using System.Net;
using Npgsql;
using Microsoft.Extensions.Configuration;
using OrleansKombo.Grains;
using OrleansKombo.Grains.Invitations;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Grains.Orders;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Hosting;
using OrleansKombo.Silo.Migrations;

// `OrleansKombo.Silo migrate` applies the schema and exits; without it the silo migrates, then joins the cluster.
var migrateOnly = args.Contains("migrate");
var builder = Host.CreateApplicationBuilder(args.Where(a => a != "migrate").ToArray());

try
{
    var postgres = PostgresSetting.Read(builder.Configuration);
    builder.Services.AddSingleton<MigrationRunner>();
    if (migrateOnly)
    {
        // The schema needs the database and nothing else: no Kombo key, no cluster settings, no Orleans.
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(postgres));
        using var migrator = builder.Build();
        await MigrateAsync(migrator.Services);
        return 0;
    }

    var silo = SiloSettings.Read(builder.Configuration);
    var tls = ClusterTls.Read(builder.Configuration, ClusterRole.Silo);
    var kombo = Settings.Read<KomboOptions>(builder.Configuration, KomboOptions.Section, o => o.Problem());
    var sync = Settings.Read<SyncOptions>(builder.Configuration, SyncOptions.Section, o => o.Problem());
    var orders = Settings.Read<OrdersOptions>(builder.Configuration, OrdersOptions.Section, o => o.Problem());
    var invitations = Settings.Read<InvitationOptions>(builder.Configuration, InvitationOptions.Section, o => o.Problem());

    builder.Services.AddKomboGrains(kombo, sync, orders, invitations);
    builder.Services.AddSiloTelemetry(silo, builder.Configuration);
    builder.UseOrleans(orleans => orleans
        .UseKomboEndpoints(silo)
        .AddActivityPropagation()
        .UseKomboTls(tls)
        .UseKomboClustering(postgres)
        .UseKomboPersistence(postgres));

    using var host = builder.Build();
    if (tls is null && (silo.ListenOnAnyAddress || !IPAddress.IsLoopback(silo.AdvertisedAddress)))
    {
        // Not a failure (a private network may be trusted), but whoever reaches these ports can call any grain.
        host.Services.GetRequiredService<ILogger<SiloSettings>>().LogWarning(
            "The silo accepts cluster connections on {Listen} (ports {SiloPort}, {GatewayPort}) without Orleans:Tls: anything that reaches them can call any grain",
            silo.ListenOnAnyAddress ? "every interface" : silo.AdvertisedIP, silo.SiloPort, silo.GatewayPort);
    }
    await MigrateAsync(host.Services);
    await host.RunAsync();
    return 0;
}
catch (StartupFailure failure)
{
    Console.Error.WriteLine($"error: {failure.Message}");
    return 2;
}

static async Task MigrateAsync(IServiceProvider services)
{
    await PostgresSetting.ProbeAsync(services.GetRequiredService<NpgsqlDataSource>());
    await services.GetRequiredService<MigrationRunner>().ApplyAsync();
}
