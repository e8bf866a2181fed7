using System.Net;
using OrleansKombo.Grains.Integrations;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Api;

/// <summary>A gateway whose cluster has no silo: reads still work from PostgreSQL, the levers answer 503.</summary>
public sealed class ClusterUnavailableApiTests
{
    [Fact]
    public async Task Sync_and_reconcile_answer_503_in_kombos_error_shape_while_reads_still_answer()
    {
        await TestDatabase.EnsureMigratedAsync();
        await using var gateway = await TestGateway.StartAsync($"test-{Guid.NewGuid():N}", $"svc-{Guid.NewGuid():N}");
        var integration = KomboEvents.NewIntegrationId();
        await new IntegrationStore(TestDatabase.DataSource).SaveAsync(new IntegrationState { Id = integration, Tool = "greenhouse", Category = "ATS" }, 0);

        var sync = await gateway.Api.PostAsync($"/api/integrations/{integration}/sync", null);
        var reconcile = await gateway.Api.PostAsync($"/api/integrations/{integration}/reconcile", null);
        var read = await gateway.Api.GetAsync($"/api/integrations/{integration}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, sync.StatusCode);
        Assert.Contains(integration, await sync.ErrorMessageAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, reconcile.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }
}
