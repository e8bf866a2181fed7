using System.Net.Http.Json;
using System.Text.Json;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using OrleansKombo.Integrations;
using OrleansKombo.Jobs;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Sync;

[Collection(KomboClusterCollection.Name)]
public sealed class SyncEngineTests(KomboCluster fixture)
{
    private static readonly GeneratorScale Scale = new() { Jobs = 12, Candidates = 60, Applications = 120, Users = 6, Tags = 5 };

    private IIntegrationGrain Grain(string id) => fixture.Grains.GetGrain<IIntegrationGrain>(id);

    /// <summary>A sandbox integration whose first sync has finished and been pulled.</summary>
    private async Task<SandboxIntegration> SyncedIntegrationAsync(GeneratorScale? scale = null)
    {
        var since = DateTimeOffset.UtcNow;
        var integration = fixture.Sandbox.CreateIntegration(new IntegrationSpec { Scale = scale ?? Scale, Seed = Random.Shared.Next() });
        await integration.FinishSync().Webhooks;
        await SyncedData.PullSucceededAsync(fixture.Grains, integration.Id, since);
        return integration;
    }

    private static async Task<IntegrationStatus> FinishSyncAndPullAsync(KomboCluster fixture, SandboxIntegration integration,
        TimeSpan? timeout = null)
    {
        var since = DateTimeOffset.UtcNow;
        await integration.FinishSync().Webhooks;
        return await SyncedData.PullSucceededAsync(fixture.Grains, integration.Id, since, timeout);
    }

    [Fact]
    public async Task The_first_sync_waits_while_kombo_says_setup_pending_and_completes_once_kombo_finishes()
    {
        var integration = fixture.Sandbox.CreateIntegration(new IntegrationSpec { Scale = Scale, Seed = 7 });

        await Poll.UntilAsync(async () => (await Grain(integration.Id).GetStatus()).LastPull?.Status == "NOT_READY",
            "the integration-created webhook makes the grain ask Kombo, which says the setup sync is pending");
        var pending = await Grain(integration.Id).GetStatus();
        Assert.Equal(SetupPhase.PendingFirstSync, pending.Setup);
        Assert.Equal(IntegrationHealth.Ok, pending.Health);

        var status = await FinishSyncAndPullAsync(fixture, integration);

        Assert.Equal(SetupPhase.Ready, status.Setup);
        Assert.Equal(IntegrationHealth.Ok, status.Health);
        Assert.NotNull(status.Watermark);
        await SyncedData.AssertMatchesSandboxAsync(integration);
        Assert.Equal(integration.Records(SandboxModel.Candidates).Count, await SyncedData.ChangesAsync(integration.Id, "CREATED", "candidates"));
    }

    [Fact]
    public async Task A_delta_pull_brings_updates_deletions_and_closed_jobs_and_rewrites_only_what_changed()
    {
        var integration = await SyncedIntegrationAsync();
        var before = await Grain(integration.Id).GetStatus();
        var untouched = integration.Records(SandboxModel.Users)[0].Id;
        var syncedBefore = await SyncedAtAsync("ats_users", integration.Id, untouched);
        fixture.Sandbox.Requests.Clear();

        var updated = integration.UpdateRecords(SandboxModel.Candidates, 4);
        var deleted = integration.DeleteRecords(SandboxModel.Applications, 3);
        var open = integration.Records(SandboxModel.Jobs)
            .Where(j => JsonDocument.Parse(integration.RecordJson(SandboxModel.Jobs, j.Id)!).RootElement.GetProperty("status").ToString() == "OPEN" && !j.Deleted)
            .Select(j => j.Id).Take(2).ToList();
        var closed = integration.SetJobStatus("CLOSED", ids: open);
        var status = await FinishSyncAndPullAsync(fixture, integration);

        await SyncedData.AssertMatchesSandboxAsync(integration);
        foreach (var id in updated)
        {
            var served = JsonDocument.Parse(integration.RecordJson(SandboxModel.Candidates, id)!).RootElement;
            var stored = await SyncedData.StoredRecordAsync("ats_candidates", integration.Id, id);
            Assert.Equal(served.GetProperty("first_name").ToString(), stored.GetProperty("first_name").ToString());
            Assert.Equal(served.GetProperty("changed_at").ToString(), stored.GetProperty("changed_at").ToString());
        }
        Assert.Equal(3, await SyncedData.ChangesAsync(integration.Id, "DELETED", "applications"));
        foreach (var job in closed)
        {
            var lifecycle = await fixture.Grains.GetGrain<IJobGrain>(JobKey.Of(integration.Id, job)).GetLifecycle();
            Assert.Equal(JobState.Closed, lifecycle!.State);
            Assert.False(lifecycle.Active);
        }
        var jobChange = await TestDatabase.ScalarAsync<string>("""
            SELECT after->>'status' FROM change_feed
             WHERE integration_id = @integration AND model = 'jobs' AND record_id = @job AND kind = 'UPDATED'
               AND 'status' = ANY(changed_fields) AND before ? 'status'
            """, ("integration", integration.Id), ("job", closed[0]));
        Assert.Equal("CLOSED", jobChange);

        // The delta asked only for what changed since the watermark, with deletions, and rewrote nothing else.
        Assert.True(status.LastPull!.RecordsRead < integration.LiveCounts().Values.Sum());
        Assert.Equal(syncedBefore, await SyncedAtAsync("ats_users", integration.Id, untouched));
        var reads = fixture.Sandbox.AtsReads(integration.Id);
        Assert.NotEmpty(reads);
        Assert.Equal(before.Watermark!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"), reads[0].Query["updated_after"]);
        Assert.All(reads, r =>
        {
            Assert.Equal("250", r.Query["page_size"]);
            Assert.Equal("true", r.Query["include_deleted"]);
            Assert.True(DateTimeOffset.Parse(r.Query["updated_after"]) > before.Watermark.Value.AddMilliseconds(-1));
        });
    }

    [Fact]
    public async Task A_job_that_closes_becomes_inactive_and_active_again_when_it_reopens_and_the_api_shows_it()
    {
        var integration = await SyncedIntegrationAsync();
        var job = integration.Records(SandboxModel.Jobs).First(j => !j.Deleted).Id;
        integration.SetJobStatus("OPEN", ids: [job]);
        await FinishSyncAndPullAsync(fixture, integration);

        integration.SetJobStatus("CLOSED", ids: [job]);
        await FinishSyncAndPullAsync(fixture, integration);
        var closedView = await fixture.Gateway.Api.GetFromJsonAsync<JsonElement>($"/api/integrations/{integration.Id}/jobs/{job}");
        integration.SetJobStatus("OPEN", ids: [job]);
        await FinishSyncAndPullAsync(fixture, integration);

        Assert.False(closedView.GetProperty("lifecycle").GetProperty("active").GetBoolean());
        var lifecycle = (await fixture.Grains.GetGrain<IJobGrain>(JobKey.Of(integration.Id, job)).GetLifecycle())!;
        Assert.Equal(JobState.Open, lifecycle.State);
        Assert.True(lifecycle.Active);
        Assert.Equal([JobState.Closed, JobState.Open], lifecycle.Transitions.TakeLast(2).Select(t => t.To));
        var openView = await fixture.Gateway.Api.GetFromJsonAsync<JsonElement>($"/api/integrations/{integration.Id}/jobs/{job}");
        Assert.Equal("OPEN", openView.GetProperty("lifecycle").GetProperty("state").GetString());
        Assert.True(openView.GetProperty("lifecycle").GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task A_job_deleted_in_the_ats_is_deleted_and_inactive()
    {
        var integration = await SyncedIntegrationAsync();
        var job = integration.DeleteRecords(SandboxModel.Jobs, 1).Single();

        await FinishSyncAndPullAsync(fixture, integration);

        var lifecycle = (await fixture.Grains.GetGrain<IJobGrain>(JobKey.Of(integration.Id, job)).GetLifecycle())!;
        Assert.Equal(JobState.Deleted, lifecycle.State);
        Assert.False(lifecycle.Active);
        Assert.NotNull(lifecycle.DeletedAt);
    }

    [Fact]
    public async Task Storms_of_429_and_5xx_and_broken_pages_end_in_exactly_the_data_a_clean_pull_gives()
    {
        var integration = await SyncedIntegrationAsync();
        integration.UpdateRecords(SandboxModel.Applications, 10);
        integration.Faults.RateLimit(3, retryAfterSeconds: 1).RateLimit(2).ServerErrors(3, 503).ServerErrors(2, 500);
        integration.Faults.MalformedPages(1, model: "applications");

        // Retries with backoff and Retry-After, then the per-integration circuit opens and the pull resumes later.
        await FinishSyncAndPullAsync(fixture, integration, TimeSpan.FromMinutes(3));

        await SyncedData.AssertMatchesSandboxAsync(integration);
        Assert.Empty(integration.Faults.Rules);
    }

    [Fact]
    public async Task Authentication_failed_needs_the_customer_and_does_not_pull_until_a_sync_succeeds_again()
    {
        var integration = await SyncedIntegrationAsync();
        fixture.Sandbox.Requests.Clear();

        await integration.FinishSync("AUTHENTICATION_FAILED").Webhooks;

        var status = await Grain(integration.Id).GetStatus();
        Assert.Equal(IntegrationHealth.NeedsCustomerAction, status.Health);
        Assert.Equal("AUTHENTICATION_FAILED", status.LastSync!.SyncState);
        Assert.Null(status.PullRequestedAt);
        Assert.Null(status.PullInProgress);
        Assert.Empty(fixture.Sandbox.AtsReads(integration.Id));

        var recovered = await FinishSyncAndPullAsync(fixture, integration);
        Assert.Equal(IntegrationHealth.Ok, recovered.Health);
    }

    [Theory]
    [InlineData("FAILED", IntegrationHealth.KomboIssue)]
    [InlineData("TIMED_OUT", IntegrationHealth.KomboIssue)]
    [InlineData("CANCELLED", IntegrationHealth.KomboIssue)]
    [InlineData("SOMETHING_NEW", IntegrationHealth.Ok)]
    public async Task A_sync_that_did_not_deliver_keeps_the_last_good_data_and_does_not_pull(string syncState, IntegrationHealth health)
    {
        var integration = await SyncedIntegrationAsync();
        var counts = await SyncedData.StoredAsync("ats_candidates", integration.Id);
        integration.UpdateRecords(SandboxModel.Candidates, 2);
        fixture.Sandbox.Requests.Clear();

        await integration.FinishSync(syncState).Webhooks;

        var status = await Grain(integration.Id).GetStatus();
        Assert.Equal(health, status.Health);
        Assert.Null(status.PullRequestedAt);
        Assert.Empty(fixture.Sandbox.AtsReads(integration.Id));
        Assert.Equal(counts.Count, (await SyncedData.StoredAsync("ats_candidates", integration.Id)).Count);
    }

    [Fact]
    public async Task A_phone_number_served_by_kombo_never_reaches_postgres_or_a_log_line()
    {
        var integration = await SyncedIntegrationAsync();
        integration.UpdateRecords(SandboxModel.Candidates, 5);
        await FinishSyncAndPullAsync(fixture, integration);

        var phones = integration.Records(SandboxModel.Candidates)
            .Select(c => JsonDocument.Parse(integration.RecordJson(SandboxModel.Candidates, c.Id)!).RootElement)
            .Where(c => c.TryGetProperty("phone_numbers", out var p) && p.ValueKind == JsonValueKind.Array)
            .SelectMany(c => c.GetProperty("phone_numbers").EnumerateArray().Select(p => p.GetProperty("phone_number").GetString()!))
            .Where(p => p.Length > 5)
            .Distinct()
            .ToList();
        Assert.NotEmpty(phones);

        foreach (var table in new[] { "ats_candidates", "ats_applications", "ats_jobs", "ats_users" })
        {
            var leaked = await TestDatabase.ScalarAsync<long>(
                $"SELECT count(*) FROM {table} WHERE integration_id = @integration AND record::text LIKE ANY(@patterns)",
                ("integration", integration.Id), ("patterns", phones.Select(p => $"%{p}%").ToArray()));
            Assert.Equal(0, leaked);
        }
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>(
            "SELECT count(*) FROM change_feed WHERE integration_id = @integration AND (before::text LIKE ANY(@patterns) OR after::text LIKE ANY(@patterns))",
            ("integration", integration.Id), ("patterns", phones.Select(p => $"%{p}%").ToArray())));
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>(
            "SELECT count(*) FROM ats_jobs WHERE integration_id = @integration AND (record ? 'salary_amount' OR record ? 'remote_data' OR record ? 'custom_fields')",
            ("integration", integration.Id)));
        Assert.DoesNotContain(CapturedLogs.All, line => phones.Any(line.Contains));
    }

    [Fact]
    public async Task Two_integrations_keep_their_data_apart()
    {
        var first = await SyncedIntegrationAsync();
        var second = await SyncedIntegrationAsync();

        first.DeleteRecords(SandboxModel.Candidates, 5);
        await FinishSyncAndPullAsync(fixture, first);

        await SyncedData.AssertMatchesSandboxAsync(first);
        await SyncedData.AssertMatchesSandboxAsync(second);
        Assert.Equal(0, await SyncedData.ChangesAsync(second.Id, "DELETED"));
        var api = await fixture.Gateway.Api.GetFromJsonAsync<JsonElement>($"/api/integrations/{second.Id}");
        Assert.Equal(second.LiveCounts()["candidates"], api.GetProperty("counts").GetProperty("candidates").GetInt32());
    }

    [Fact]
    public async Task Webhooks_that_arrive_during_a_pull_coalesce_into_exactly_one_follow_up_pull()
    {
        var integration = await SyncedIntegrationAsync();
        integration.UpdateRecords(SandboxModel.Candidates, 30);
        integration.Faults.ReadDelay = TimeSpan.FromMilliseconds(400);
        fixture.Sandbox.Requests.Clear();
        var since = DateTimeOffset.UtcNow;

        await integration.FinishSync().Webhooks;
        await Poll.UntilAsync(async () => (await Grain(integration.Id).GetStatus()).PullInProgress is not null, "the pull runs");
        for (var i = 0; i < 5; i++)
        {
            integration.UpdateRecords(SandboxModel.Users, 1);
            await integration.FinishSync().Webhooks;
        }
        integration.Faults.ReadDelay = TimeSpan.Zero;

        await Poll.UntilAsync(async () =>
        {
            var status = await Grain(integration.Id).GetStatus();
            return status.PullInProgress is null && status.PullRequestedAt is null && status.LastPull?.Status == "SUCCEEDED";
        }, "the pulls settle");
        var pulls = fixture.Sandbox.AtsReads(integration.Id, "/v1/ats/users").Count(r => !r.Query.ContainsKey("cursor"));
        Assert.Equal(2, pulls);
        await SyncedData.AssertMatchesSandboxAsync(integration);
    }

    [Fact]
    public async Task A_full_reconcile_marks_records_kombo_no_longer_has_as_deleted()
    {
        var integration = await SyncedIntegrationAsync();
        var gone = integration.PurgeRecords(SandboxModel.Candidates, 3);
        var since = DateTimeOffset.UtcNow;

        var response = await fixture.Gateway.Api.PostAsync($"/api/integrations/{integration.Id}/reconcile", null);
        var status = await SyncedData.PullSucceededAsync(fixture.Grains, integration.Id, since);

        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        Assert.NotNull(status.LastReconcileAt);
        var stored = await SyncedData.StoredAsync("ats_candidates", integration.Id);
        Assert.All(gone, id => Assert.True(stored[id]));
        Assert.Equal(gone.Count, stored.Count(r => r.Value) - integration.Records(SandboxModel.Candidates).Count(r => r.Deleted));
        Assert.Equal(gone.Count, await SyncedData.ChangesAsync(integration.Id, "DELETED", "candidates"));
    }

    [Fact]
    public async Task A_reconcile_that_fails_part_way_deletes_nothing()
    {
        var integration = await SyncedIntegrationAsync();
        integration.PurgeRecords(SandboxModel.Candidates, 3);
        // A real failure (Kombo refuses the request itself); a model Kombo refuses is skipped instead (KomboErrorTests).
        integration.Faults.FailReads("applications", count: 1000, status: 400, code: "PLATFORM.INPUT_INVALID");
        var since = DateTimeOffset.UtcNow;

        await fixture.Gateway.Api.PostAsync($"/api/integrations/{integration.Id}/reconcile", null);
        await Poll.UntilAsync(async () => (await Grain(integration.Id).GetStatus()).LastPull is { Status: "FAILED" } pull && pull.StartedAt >= since,
            "the reconcile fails on applications");

        Assert.Equal(0, await SyncedData.ChangesAsync(integration.Id, "DELETED"));
        Assert.All(await SyncedData.StoredAsync("ats_candidates", integration.Id), r => Assert.False(r.Value));
        integration.Faults.Clear();
    }

    [Fact]
    public async Task Webhooks_during_the_backoff_after_a_failed_pull_wait_for_it_instead_of_calling_kombo_again()
    {
        var integration = await SyncedIntegrationAsync();
        integration.Faults.FailReads("users", count: 1000, status: 400, code: "PLATFORM.INPUT_INVALID");
        var since = DateTimeOffset.UtcNow;
        await integration.FinishSync().Webhooks;
        await Poll.UntilAsync(async () => (await Grain(integration.Id).GetStatus()).LastPull is { Status: "FAILED" } pull && pull.StartedAt >= since,
            "the pull fails");
        fixture.Sandbox.Requests.Clear();

        for (var i = 0; i < 5; i++)
        {
            await integration.FinishSync().Webhooks;
        }

        var status = await Grain(integration.Id).GetStatus();
        Assert.NotNull(status.PullRequestedAt);
        Assert.NotNull(status.RetryAt);
        Assert.Empty(fixture.Sandbox.AtsReads(integration.Id));
        integration.Faults.Clear();
    }

    [Fact]
    public async Task A_deleted_integration_keeps_its_data_for_the_retention_period_and_then_it_is_purged()
    {
        var recent = await SyncedIntegrationAsync();
        var old = await SyncedIntegrationAsync();
        var recentRows = await RowsOfAsync(recent.Id);

        await fixture.Gateway.Webhooks.SendAsync(KomboEvents.IntegrationDeleted(recent.Id));
        // Deleted by Kombo longer ago than Sync:RetainDeletedFor (14 days by default): due at once.
        await fixture.Gateway.Webhooks.SendAsync(KomboEvents.IntegrationDeleted(old.Id, DateTimeOffset.UtcNow.AddDays(-30)));

        await Poll.UntilAsync(async () => await RowsOfAsync(old.Id) == 0, "the long-deleted integration's data is purged");
        var purged = await fixture.Gateway.Api.GetFromJsonAsync<JsonElement>($"/api/integrations/{old.Id}");
        var kept = await fixture.Gateway.Api.GetFromJsonAsync<JsonElement>($"/api/integrations/{recent.Id}");
        Assert.Equal("DELETED", purged.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.String, purged.GetProperty("data_purged_at").ValueKind);
        Assert.Equal("DELETED", kept.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, kept.GetProperty("data_purged_at").ValueKind);
        Assert.True(recentRows > 0);
        Assert.Equal(recentRows, await RowsOfAsync(recent.Id));
    }

    private static Task<long> RowsOfAsync(string integration) => TestDatabase.ScalarAsync<long>("""
        SELECT (SELECT count(*) FROM ats_users WHERE integration_id = @i) + (SELECT count(*) FROM ats_tags WHERE integration_id = @i)
             + (SELECT count(*) FROM ats_application_stages WHERE integration_id = @i) + (SELECT count(*) FROM ats_jobs WHERE integration_id = @i)
             + (SELECT count(*) FROM ats_candidates WHERE integration_id = @i) + (SELECT count(*) FROM ats_applications WHERE integration_id = @i)
             + (SELECT count(*) FROM change_feed WHERE integration_id = @i) + (SELECT count(*) FROM job_lifecycles WHERE integration_id = @i)
        """, ("i", integration));

    private static Task<DateTime> SyncedAtAsync(string table, string integration, string id) => TestDatabase.ScalarAsync<DateTime>(
        $"SELECT synced_at FROM {table} WHERE integration_id = @integration AND id = @id", ("integration", integration), ("id", id));
}
