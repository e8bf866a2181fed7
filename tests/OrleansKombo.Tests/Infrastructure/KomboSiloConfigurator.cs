using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.TestingHost;
using OrleansKombo.Hosting;
using OrleansKombo.Grains;
using OrleansKombo.Grains.Invitations;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Grains.Orders;
using OrleansKombo.Grains.Sync;

namespace OrleansKombo.Tests.Infrastructure;

/// <summary>Test silos get exactly the production wiring, on the real AdoNet providers.</summary>
public sealed class KomboSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        var postgres = siloBuilder.Configuration.GetConnectionString("Postgres")!;
        siloBuilder
            .UseKomboClustering(postgres)
            .UseKomboPersistence(postgres)
            .UseKomboTls(ClusterTls.Read(siloBuilder.Configuration, ClusterRole.Silo))
            .AddActivityPropagation()
            .Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        siloBuilder.Services.AddSingleton<ILoggerProvider, CapturedLogs>();
        var configuration = siloBuilder.Configuration;
        siloBuilder.Services.AddKomboGrains(
            configuration.GetSection(KomboOptions.Section).Get<KomboOptions>() ?? new KomboOptions { ApiKey = "no-kombo-in-this-test" },
            configuration.GetSection(SyncOptions.Section).Get<SyncOptions>() ?? new SyncOptions(),
            configuration.GetSection(OrdersOptions.Section).Get<OrdersOptions>() ?? new OrdersOptions(),
            configuration.GetSection(InvitationOptions.Section).Get<InvitationOptions>() ?? new InvitationOptions());
    }
}
