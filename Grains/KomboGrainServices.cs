using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Serialization;
using OrleansKombo.Grains.Integrations;
using OrleansKombo.Grains.Invitations;
using OrleansKombo.Grains.JobLinks;
using OrleansKombo.Grains.JobSelection;
using OrleansKombo.Grains.Jobs;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Grains.Orders;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Grains.Triggers;

namespace OrleansKombo.Grains;

public static class KomboGrainServices
{
    /// <summary>Everything the grains need from the container; the silo host and the test cluster both call it.</summary>
    public static IServiceCollection AddKomboGrains(this IServiceCollection services, KomboOptions kombo, SyncOptions sync,
        OrdersOptions orders, InvitationOptions invitations)
    {
        // Named explicitly: a test host's entry assembly does not reference the grains, so discovery alone misses them.
        services.AddSerializer(serializer => serializer.AddAssembly(typeof(KomboGrainServices).Assembly));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IntegrationStore>();
        services.AddSingleton<JobLifecycleStore>();
        services.AddSingleton<JobSelectionStore>();
        services.AddSingleton<JobLinkStore>();
        services.AddSingleton<TriggerOrders>();
        services.AddSingleton<RecordStore>();
        services.AddSingleton(sync);
        services.AddSingleton<SyncAllowlists>();
        services.AddSingleton<PullSlots>();
        services.AddSingleton<KomboPageReader>();
        services.AddKomboClient(kombo);
        services.AddSingleton(kombo);
        services.AddSingleton(orders);
        services.AddSingleton<OrderStore>();
        services.AddSingleton<OrderJobs>();
        services.AddInvitations(invitations);
        return services;
    }

    /// <summary>The invitation outbox and the sender that every silo runs on it.</summary>
    private static void AddInvitations(this IServiceCollection services, InvitationOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<InvitationOutbox>();
        services.AddSingleton<InvitationSignal>();
        services.AddSingleton<InvitationTemplate>();
        // No HttpClient request logging: it would write the callback URL, which may carry the vendor's credential; the
        // transport reports failures itself, naming only the host (Redact.Endpoint).
        services.AddHttpClient(nameof(HttpInvitationTransport), client => client.Timeout = TimeSpan.FromSeconds(30)).RemoveAllLoggers();
        services.AddSingleton<Func<IInvitationTransport>>(provider => options.Channel switch
        {
            InvitationChannel.Http => () => new HttpInvitationTransport(
                provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(HttpInvitationTransport)), options),
            _ => () => new SmtpInvitationTransport(options, provider.GetRequiredService<InvitationTemplate>()),
        });
        services.AddHostedService<InvitationSender>();
    }
}
