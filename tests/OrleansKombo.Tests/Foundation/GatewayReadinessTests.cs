using System.Net;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Foundation;

public sealed class GatewayReadinessTests
{
    [Fact]
    public async Task The_gateway_is_live_at_once_but_ready_only_while_a_silo_answers()
    {
        var cluster = new PostgresCluster { InitialSilos = 1 };
        await TestDatabase.EnsureMigratedAsync();
        await using var gateway = await TestGateway.StartAsync(cluster.ClusterId, cluster.ServiceId);

        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await gateway.Http.GetAsync("/health/ready")).StatusCode);

        await cluster.InitializeAsync();
        try
        {
            await Poll.UntilAsync(async () => (await gateway.Http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
                "ready once the silo is up", TimeSpan.FromSeconds(60));
            // Which silo answered is the log's business, not the anonymous answer's.
            var ready = await gateway.Http.GetStringAsync("/health/ready");
            Assert.Contains("\"description\":\"a silo answers\"", ready);
            Assert.DoesNotContain("127.0.0.1", ready);
        }
        finally
        {
            await cluster.DisposeAsync();
        }

        await Poll.UntilAsync(async () => (await gateway.Http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable,
            "not ready once the silo is gone", TimeSpan.FromSeconds(60));
    }
}
