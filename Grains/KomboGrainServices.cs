using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Serialization;
using OrleansKombo.Grains.Integrations;
using OrleansKombo.Grains.Jobs;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Grains.Sync;

namespace OrleansKombo.Grains;

public static class KomboGrainServices
{
    /// <summary>Everything the grains need from the container; the silo host and the test cluster both call it.</summary>
    public static IServiceCollection AddKomboGrains(this IServiceCollection services, KomboOptions kombo, SyncOptions sync)
    {
        // Named explicitly: a test host's entry assembly does not reference the grains, so discovery alone misses them.
        services.AddSerializer(serializer => serializer.AddAssembly(typeof(KomboGrainServices).Assembly));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IntegrationStore>();
        services.AddSingleton<JobLifecycleStore>();
        services.AddSingleton<RecordStore>();
        services.AddSingleton(sync);
        services.AddSingleton<SyncAllowlists>();
        services.AddSingleton<KomboPageReader>();
        services.AddKomboClient(kombo);
        return services;
    }
}
