using System.Net;
using System.Text.Json;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using OrleansKombo.Tests.Api;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Sync;

/// <summary>
/// Issue 15: every pull leaves a row (GET /api/integrations/{id}/pulls), written with the pull's own commits, and every
/// delivered sync-finished one (…/syncs); both newest first, paged, and pruned after Sync:RetainPullsFor.
/// </summary>
[Collection(KomboClusterCollection.Name)]
public sealed class PullHistoryTests(KomboCluster fixture)
{
    private static readonly GeneratorScale Scale = new() { Jobs = 8, Candidates = 30, Applications = 50, Users = 6, Tags = 4 };

    private HttpClient Api => fixture.Gateway.Api;

    private async Task FinishSyncAndPullAsync(SandboxIntegration integration)
    {
        var since = DateTimeOffset.UtcNow;
        await integration.FinishSync().Webhooks;
        await SyncedData.PullSucceededAsync(fixture.Grains, integration.Id, since);
    }

    [Fact]
    public async Task Each_pull_and_each_sync_finished_is_listed_newest_first_with_its_figures()
    {
        var integration = fixture.Sandbox.CreateIntegration(new IntegrationSpec { Scale = Scale, Seed = Random.Shared.Next() });
        integration.Faults.DenyModel("tags");
        await FinishSyncAndPullAsync(integration);
        integration.UpdateRecords(SandboxModel.Candidates, 3);
        await FinishSyncAndPullAsync(integration);

        var pulls = await Api.GetAllPagesAsync($"/api/integrations/{integration.Id}/pulls?page_size=1");

        Assert.True(pulls.Count >= 2, $"{pulls.Count} pulls listed");
        Assert.Equal(pulls.Select(p => p.GetProperty("run_id").GetString()).Distinct().Count(), pulls.Count);
        var started = pulls.Select(p => p.GetProperty("started_at").GetDateTimeOffset()).ToList();
        Assert.Equal(started.OrderDescending(), started);
        var first = pulls[^1];
        Assert.Equal(("FULL", "SUCCEEDED"), (first.GetProperty("mode").GetString(), first.GetProperty("status").GetString()));
        var live = integration.LiveCounts();
        Assert.True(first.GetProperty("records_read").GetInt64() >= live.Values.Sum() - live["tags"]);
        Assert.True(first.GetProperty("pages").GetInt32() >= 5);
        Assert.True(first.GetProperty("ended_at").GetDateTimeOffset() >= first.GetProperty("started_at").GetDateTimeOffset());
        var models = first.GetProperty("models");
        Assert.Equal("INTEGRATION.PERMISSION_MISSING", models.GetProperty("tags").GetProperty("skipped").GetString());
        Assert.Equal(live["candidates"], models.GetProperty("candidates").GetProperty("records_read").GetInt64());
        Assert.Equal(("DELTA", "SUCCEEDED"), (pulls[0].GetProperty("mode").GetString(), pulls[0].GetProperty("status").GetString()));
        // The delta that brought the three updated candidates (a data-changed may add a pull with nothing new).
        Assert.Contains(pulls.SkipLast(1), p => p.GetProperty("models").TryGetProperty("candidates", out var c) && c.GetProperty("records_changed").GetInt64() >= 3);

        var syncs = await Api.GetAllPagesAsync($"/api/integrations/{integration.Id}/syncs?page_size=1");
        Assert.Equal(2, syncs.Count);
        Assert.All(syncs, s => Assert.Equal("SUCCEEDED", s.GetProperty("sync_state").GetString()));
        Assert.True(syncs[0].GetProperty("ended_at").GetDateTimeOffset() >= syncs[1].GetProperty("ended_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_failed_attempt_shows_kombo_s_error_code_until_the_pull_resumes_and_succeeds()
    {
        var integration = fixture.Sandbox.CreateIntegration(new IntegrationSpec { Scale = Scale, Seed = Random.Shared.Next() });
        integration.Faults.FailReads("jobs", count: 1_000, status: 500, code: "PLATFORM.UNKNOWN_ERROR");
        await integration.FinishSync().Webhooks;

        JsonElement failed = default;
        await Poll.UntilAsync(async () =>
        {
            var page = await Api.GetJsonAsync($"/api/integrations/{integration.Id}/pulls");
            failed = page.GetProperty("results").EnumerateArray().FirstOrDefault();
            return failed.ValueKind == JsonValueKind.Object && failed.GetProperty("status").GetString() == "FAILED";
        }, "the pull's row shows the failed attempt", TimeSpan.FromSeconds(120));
        Assert.Equal("PLATFORM.UNKNOWN_ERROR", failed.GetProperty("error_code").GetString());
        Assert.False(string.IsNullOrEmpty(failed.GetProperty("error").GetString()));

        var since = DateTimeOffset.UtcNow;
        integration.Faults.Clear();
        await Api.PostAsync($"/api/integrations/{integration.Id}/sync", null);
        await SyncedData.PullSucceededAsync(fixture.Grains, integration.Id, DateTimeOffset.MinValue, TimeSpan.FromSeconds(120));

        var pulls = (await Api.GetJsonAsync($"/api/integrations/{integration.Id}/pulls")).GetProperty("results").EnumerateArray().ToList();
        var resumed = pulls.Single(p => p.GetProperty("run_id").GetString() == failed.GetProperty("run_id").GetString());
        Assert.Equal("SUCCEEDED", resumed.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, resumed.GetProperty("error_code").ValueKind);
        Assert.True(resumed.GetProperty("ended_at").GetDateTimeOffset() >= since);
    }

    [Fact]
    public async Task A_finished_pull_prunes_history_older_than_the_retention_and_keeps_the_rest()
    {
        var integration = fixture.Sandbox.CreateIntegration(new IntegrationSpec { Scale = Scale, Seed = Random.Shared.Next() });
        await FinishSyncAndPullAsync(integration);
        var other = KomboEvents.NewIntegrationId();
        foreach (var (id, age) in new[] { (integration.Id, 40), (integration.Id, 31), (integration.Id, 2), (other, 40) })
        {
            await TestDatabase.ScalarAsync<long>("""
                WITH pull AS (
                    INSERT INTO integration_pulls (integration_id, run_id, mode, started_at, ended_at, status, records_read, records_changed, pages, models)
                    VALUES (@i, gen_random_uuid(), 'DELTA', now() - make_interval(days => @age), now() - make_interval(days => @age), 'SUCCEEDED', 1, 0, 1, '{}')
                    RETURNING 1
                ), sync AS (
                    INSERT INTO integration_syncs (integration_id, sync_id, sync_state, started_at, ended_at)
                    VALUES (@i, gen_random_uuid()::text, 'SUCCEEDED', now() - make_interval(days => @age), now() - make_interval(days => @age))
                    RETURNING 1
                )
                SELECT (SELECT count(*) FROM pull) + (SELECT count(*) FROM sync)
                """, ("i", id), ("age", age));
        }
        Assert.Equal((2L, 2L), await CountsAsync(integration.Id, older: 30));

        await FinishSyncAndPullAsync(integration);

        // The rows older than 30 days (the default Sync:RetainPullsFor) went; the recent ones and the other integration's stayed.
        Assert.Equal((0L, 0L), await CountsAsync(integration.Id, older: 30));
        Assert.Equal((1L, 1L), await CountsAsync(integration.Id, older: 1));
        Assert.Equal((1L, 1L), await CountsAsync(other, older: 30));
        var (pulls, syncs) = await CountsAsync(integration.Id, older: -1);
        Assert.True(pulls >= 3 && syncs == 3, $"{pulls} pulls and {syncs} syncs kept");
    }

    [Fact]
    public async Task An_unknown_integration_is_404_and_a_cursor_of_another_list_is_400()
    {
        var unknown = await Api.GetAsync($"/api/integrations/{KomboEvents.NewIntegrationId()}/pulls");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        var integration = await SyncedRows.CreateIntegrationAsync(fixture);
        var syncs = await Api.GetAsync($"/api/integrations/{integration}/syncs");
        Assert.Equal(HttpStatusCode.OK, syncs.StatusCode);
        var page = await Api.GetJsonAsync("/api/integrations?page_size=1");
        var foreign = page.GetProperty("next").GetString();
        Assert.NotNull(foreign);
        Assert.Equal(HttpStatusCode.BadRequest, (await Api.GetAsync($"/api/integrations/{integration}/pulls?cursor={foreign}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Api.GetAsync($"/api/integrations/{integration}/pulls?page_size=0")).StatusCode);
    }

    /// <summary>History rows of the integration that started more than <paramref name="older"/> days ago.</summary>
    private static async Task<(long Pulls, long Syncs)> CountsAsync(string integration, int older) => (
        await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM integration_pulls WHERE integration_id = @i AND started_at < now() - make_interval(days => @d)",
            ("i", integration), ("d", older)),
        await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM integration_syncs WHERE integration_id = @i AND started_at < now() - make_interval(days => @d)",
            ("i", integration), ("d", older)));
}
