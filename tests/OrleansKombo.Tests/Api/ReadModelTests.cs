using System.Text.Json;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using OrleansKombo.Tests.Infrastructure;
using OrleansKombo.Tests.Orders;
using OrleansKombo.Tests.Sync;

namespace OrleansKombo.Tests.Api;

/// <summary>
/// The API reads read models (integration_status, order_view), never a grain's persisted state: whatever a grain's
/// <c>doc</c> holds (a field renamed, one added, the whole shape changed), the API answers the same.
/// </summary>
[Collection(KomboClusterCollection.Name)]
public sealed class ReadModelTests(KomboCluster fixture)
{
    private HttpClient Api => fixture.Gateway.Api;

    [Fact]
    public async Task An_integration_reads_the_same_whatever_its_grain_state_looks_like()
    {
        // Synced and settled: its grain has nothing more to do, so nothing but this test touches its row.
        var since = DateTimeOffset.UtcNow;
        var synced = fixture.Sandbox.CreateIntegration(new IntegrationSpec { Scale = new GeneratorScale { Jobs = 3, Candidates = 4, Applications = 5 } });
        await synced.FinishSync().Webhooks;
        await SyncedData.PullSucceededAsync(fixture.Grains, synced.Id, since);
        var integration = synced.Id;
        var detail = await RawAsync($"/api/integrations/{integration}");
        var listed = await ListedAsync(integration);

        await WithDocAsync("integrations", integration, """
            {"id": "renamed", "tool": "not-the-tool", "state": "INVALID", "health": "DEGRADED", "last_sync": null,
             "counts": {"jobs": 99}, "a_private_field_added_later": {"nested": true}}
            """, async () =>
        {
            Assert.Equal(detail, await RawAsync($"/api/integrations/{integration}"));
            Assert.Equal(listed, await ListedAsync(integration));
        });
    }

    [Fact]
    public async Task An_order_reads_the_same_whatever_its_grain_state_looks_like()
    {
        var integration = await Assessments.OfferingAsync(fixture);
        var order = await Assessments.OrderAsync(integration, MailSink.NewAddress(), inline: true);
        var detail = await RawAsync($"/api/orders/{order.Id}");
        var list = await RawAsync($"/api/integrations/{integration.Id}/orders");

        await WithDocAsync("orders", order.Id, """
            {"details": {"id": "renamed", "status": "CANCELLED", "candidate": {"email": "someone.else@example.com"}},
             "order": "a private field renamed", "decision": null}
            """, async () =>
        {
            Assert.Equal(detail, await RawAsync($"/api/orders/{order.Id}"));
            Assert.Equal(list, await RawAsync($"/api/integrations/{integration.Id}/orders"));
        });
    }

    private async Task<string> RawAsync(string path)
    {
        var response = await Api.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return body;
    }

    private async Task<string> ListedAsync(string integration) =>
        (await Api.GetAllPagesAsync("/api/integrations?page_size=250")).Single(i => i.GetProperty("id").GetString() == integration).GetRawText();

    /// <summary>
    /// Replaces the grain's persisted state with <paramref name="doc"/> while <paramref name="check"/> runs, and puts the
    /// real one back, so the grain (which keeps its state in memory meanwhile) finds its own row again.
    /// </summary>
    private static async Task WithDocAsync(string table, string id, string doc, Func<Task> check)
    {
        var real = await TestDatabase.ScalarAsync<string>($"SELECT doc::text FROM {table} WHERE id = @id", ("id", id));
        Assert.NotNull(real);
        await SetDocAsync(table, id, doc);
        try
        {
            await check();
        }
        finally
        {
            await SetDocAsync(table, id, real);
        }
    }

    private static async Task SetDocAsync(string table, string id, string doc)
    {
        JsonDocument.Parse(doc).Dispose();
        await using var command = TestDatabase.DataSource.CreateCommand($"UPDATE {table} SET doc = @doc::jsonb WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("doc", doc);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
