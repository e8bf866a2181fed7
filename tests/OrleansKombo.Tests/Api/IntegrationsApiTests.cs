using System.Net;
using System.Text.Json;
using OrleansKombo.Integrations;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Api;

[Collection(KomboClusterCollection.Name)]
public sealed class IntegrationsApiTests(KomboCluster fixture)
{
    private HttpClient Api => fixture.Gateway.Api;

    [Fact]
    public async Task The_list_pages_through_every_integration_once()
    {
        var mine = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            mine.Add(await SyncedRows.CreateIntegrationAsync(fixture));
        }

        var all = await Api.GetAllPagesAsync("/api/integrations?page_size=2");

        var ids = all.Ids();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Subset(ids.ToHashSet(), mine.ToHashSet());
        var listed = all.Single(i => i.GetProperty("id").GetString() == mine[0]);
        Assert.Equal("ATS", listed.GetProperty("category").GetString());
        Assert.False(listed.TryGetProperty("counts", out _));
    }

    [Fact]
    public async Task The_detail_shows_the_stored_state_and_counts_only_live_records_per_model()
    {
        var integration = await SyncedRows.CreateIntegrationAsync(fixture);
        var ended = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
        await fixture.Gateway.Webhooks.SendAsync(KomboEvents.SyncFinished(integration, "FAILED", syncId: "sync-1", endedAt: ended));
        await SyncedRows.JobAsync(integration, "job-1", "OPEN");
        await SyncedRows.JobAsync(integration, "job-2", "CLOSED");
        await SyncedRows.JobAsync(integration, "job-3", "OPEN", deletedAt: SyncedRows.SyncedAt);
        await SyncedRows.RecordAsync("ats_candidates", integration, "cand-1");
        await SyncedRows.RecordAsync("ats_applications", integration, "app-1");
        await SyncedRows.RecordAsync("ats_applications", integration, "app-2", deletedAt: SyncedRows.SyncedAt);
        await SyncedRows.RecordAsync("ats_users", integration, "user-1");
        await SyncedRows.RecordAsync("ats_application_stages", integration, "stage-1");
        await SyncedRows.RecordAsync("ats_application_stages", integration, "stage-2");

        var detail = await Api.GetJsonAsync($"/api/integrations/{integration}");

        Assert.Equal(integration, detail.GetProperty("id").GetString());
        Assert.Equal("greenhouse", detail.GetProperty("tool").GetString());
        Assert.Equal("ATS", detail.GetProperty("category").GetString());
        Assert.Equal("ACTIVE", detail.GetProperty("state").GetString());
        Assert.Equal("PENDING_FIRST_SYNC", detail.GetProperty("setup").GetString());
        Assert.Equal("KOMBO_ISSUE", detail.GetProperty("health").GetString());
        var lastSync = detail.GetProperty("last_sync");
        Assert.Equal("sync-1", lastSync.GetProperty("sync_id").GetString());
        Assert.Equal("FAILED", lastSync.GetProperty("sync_state").GetString());
        Assert.Equal(ended, lastSync.GetProperty("ended_at").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("watermark").ValueKind);
        Assert.True(detail.TryGetProperty("last_pull", out _));
        var counts = detail.GetProperty("counts");
        Assert.Equal(
            new Dictionary<string, long>
            {
                ["jobs"] = 2, ["candidates"] = 1, ["applications"] = 1, ["users"] = 1, ["tags"] = 0, ["application_stages"] = 2,
            },
            counts.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64()));
    }

    [Fact]
    public async Task Sync_asks_the_grain_for_a_delta_pull_and_answers_202()
    {
        var integration = await SyncedRows.CreateIntegrationAsync(fixture);

        var response = await Api.PostAsync($"/api/integrations/{integration}/sync", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.True((await fixture.Grains.GetGrain<IIntegrationGrain>(integration).GetStatus()).PullRequestedOrStarted());
    }

    [Fact]
    public async Task Reconcile_asks_the_grain_for_a_full_reread_and_answers_202()
    {
        var integration = await SyncedRows.CreateIntegrationAsync(fixture);

        var response = await Api.PostAsync($"/api/integrations/{integration}/reconcile", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.NotNull(await TestDatabase.ScalarAsync<string>(
            "SELECT doc->>'reconcile_requested_at' FROM integrations WHERE id = @id", ("id", integration)));
    }

    [Theory]
    [InlineData("sync")]
    [InlineData("reconcile")]
    public async Task Sync_and_reconcile_of_an_unknown_integration_are_404_and_do_not_bring_it_into_being(string lever)
    {
        var integration = KomboEvents.NewIntegrationId();

        var response = await Api.PostAsync($"/api/integrations/{integration}/{lever}", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(integration, await response.ErrorMessageAsync());
        Assert.Equal(0L, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM integrations WHERE id = @id", ("id", integration)));
    }
}
