using System.Net;
using System.Text.Json;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using Kombo.Sandbox.Recording;
using OrleansKombo.Integrations;
using OrleansKombo.Tests.Api;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Sync;

/// <summary>
/// The pull acts on Kombo's <c>error.code</c> (KomboErrors): a refused model is skipped, an unknown or inactive
/// integration stops pulls until Kombo says otherwise, "not ready" is not a failure, Retry-After is honoured.
/// </summary>
[Collection(KomboClusterCollection.Name)]
public sealed class KomboErrorTests(KomboCluster fixture)
{
    private static readonly GeneratorScale Scale = new() { Jobs = 8, Candidates = 30, Applications = 50, Users = 6, Tags = 4 };

    private IIntegrationGrain Grain(string id) => fixture.Grains.GetGrain<IIntegrationGrain>(id);

    private HttpClient Api => fixture.Gateway.Api;

    private SandboxIntegration NewIntegration() =>
        fixture.Sandbox.CreateIntegration(new IntegrationSpec { Scale = Scale, Seed = Random.Shared.Next() });

    private async Task<SandboxIntegration> SyncedIntegrationAsync()
    {
        var integration = NewIntegration();
        await FinishSyncAndPullAsync(integration);
        return integration;
    }

    private async Task<IntegrationStatus> FinishSyncAndPullAsync(SandboxIntegration integration)
    {
        var since = DateTimeOffset.UtcNow;
        await integration.FinishSync().Webhooks;
        return await SyncedData.PullSucceededAsync(fixture.Grains, integration.Id, since);
    }

    private IReadOnlyList<RecordedRequest> Reads(string integrationId, string path = "/v1/ats/") =>
        fixture.Sandbox.Requests.Query(new RequestQuery { IntegrationId = integrationId, PathPrefix = path, Method = "GET" });

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");

    [Fact]
    public async Task A_customer_lacking_users_gets_every_other_model_and_users_catches_up_after_the_next_sync_finished()
    {
        var integration = NewIntegration();
        integration.Faults.DenyModel("users");

        var status = await FinishSyncAndPullAsync(integration);

        Assert.Equal(SetupPhase.Ready, status.Setup);
        Assert.Equal(IntegrationHealth.Ok, status.Health);
        await SyncedData.AssertMatchesSandboxAsync(integration, except: SandboxModel.Users);
        Assert.Empty(await SyncedData.StoredAsync("ats_users", integration.Id));
        var users = status.Models["users"];
        Assert.Equal(ModelStatus.Unavailable, users.Status);
        Assert.Equal("INTEGRATION.PERMISSION_MISSING", users.Code);
        Assert.False(string.IsNullOrEmpty(users.Message));
        Assert.Null(users.Watermark);
        Assert.All(SyncedData.Models.Where(m => m.Sandbox != SandboxModel.Users),
            m => Assert.Equal(ModelStatus.Ok, status.Models[m.Table["ats_".Length..]].Status));

        var view = await Api.GetJsonAsync($"/api/integrations/{integration.Id}");
        Assert.Equal("READY", view.GetProperty("setup").GetString());
        Assert.Equal("OK", view.GetProperty("health").GetString());
        var usersView = view.GetProperty("models").GetProperty("users");
        Assert.Equal("UNAVAILABLE", usersView.GetProperty("status").GetString());
        Assert.Equal("INTEGRATION.PERMISSION_MISSING", usersView.GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.String, usersView.GetProperty("since").ValueKind);
        Assert.Equal("OK", view.GetProperty("models").GetProperty("jobs").GetProperty("status").GetString());

        // A data-changed within the hour pulls the others and leaves users alone.
        fixture.Sandbox.Requests.Clear();
        var since = DateTimeOffset.UtcNow;
        await fixture.Gateway.Webhooks.SendAsync(KomboEvents.DataChanged(integration.Id, "ats_jobs"));
        await SyncedData.PullSucceededAsync(fixture.Grains, integration.Id, since);
        Assert.Empty(Reads(integration.Id, "/v1/ats/users"));
        Assert.NotEmpty(Reads(integration.Id, "/v1/ats/jobs"));

        // The customer grants the permission; the next sync-finished tries users again, which reads all of it.
        integration.Faults.Lift();
        fixture.Sandbox.Requests.Clear();
        var recovered = await FinishSyncAndPullAsync(integration);

        Assert.Equal(ModelStatus.Ok, recovered.Models["users"].Status);
        Assert.Equal(IntegrationHealth.Ok, recovered.Health);
        await SyncedData.AssertMatchesSandboxAsync(integration);
        var usersReads = Reads(integration.Id, "/v1/ats/users");
        Assert.NotEmpty(usersReads);
        Assert.DoesNotContain("updated_after", usersReads[0].Query);
        Assert.Contains("updated_after", Reads(integration.Id, "/v1/ats/jobs")[0].Query);
        var after = await Api.GetJsonAsync($"/api/integrations/{integration.Id}");
        Assert.Equal("OK", after.GetProperty("models").GetProperty("users").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_model_refused_for_a_while_reads_from_its_own_last_good_watermark_and_never_holds_back_the_others()
    {
        var integration = await SyncedIntegrationAsync();
        var lastGood = (await Grain(integration.Id).GetStatus()).Watermark!.Value;
        integration.Faults.DenyModel("users", "INTEGRATION.MODEL_DISABLED");
        var changed = integration.UpdateRecords(SandboxModel.Users, 3);

        var skipped = await FinishSyncAndPullAsync(integration);

        Assert.Equal(ModelStatus.Unavailable, skipped.Models["users"].Status);
        Assert.Equal("INTEGRATION.MODEL_DISABLED", skipped.Models["users"].Code);
        Assert.Equal(lastGood, skipped.Models["users"].Watermark);
        Assert.True(skipped.Watermark > lastGood, "the models that were read moved the integration's watermark on");

        integration.Faults.Lift();
        fixture.Sandbox.Requests.Clear();
        var caughtUp = await FinishSyncAndPullAsync(integration);

        Assert.Equal(ModelStatus.Ok, caughtUp.Models["users"].Status);
        var users = Reads(integration.Id, "/v1/ats/users")
            .Select(r => Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(r.Query)).First();
        var jobs = Reads(integration.Id, "/v1/ats/jobs")
            .Select(r => Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(r.Query)).First();
        Assert.Equal(Format(lastGood), users["updated_after"].ToString());
        Assert.Equal(Format(skipped.Watermark!.Value), jobs["updated_after"].ToString());
        foreach (var id in changed)
        {
            var served = JsonDocument.Parse(integration.RecordJson(SandboxModel.Users, id)!).RootElement;
            var stored = await SyncedData.StoredRecordAsync("ats_users", integration.Id, id);
            Assert.Equal(served.GetProperty("changed_at").ToString(), stored.GetProperty("changed_at").ToString());
        }
        await SyncedData.AssertMatchesSandboxAsync(integration);
    }

    [Fact]
    public async Task A_reconcile_that_skips_a_refused_model_marks_nothing_of_that_model_deleted()
    {
        var integration = await SyncedIntegrationAsync();
        var goneUsers = integration.PurgeRecords(SandboxModel.Users, 2);
        var goneCandidates = integration.PurgeRecords(SandboxModel.Candidates, 2);
        integration.Faults.DenyModel("users");
        var since = DateTimeOffset.UtcNow;

        await Api.PostAsync($"/api/integrations/{integration.Id}/reconcile", null);
        var status = await SyncedData.PullSucceededAsync(fixture.Grains, integration.Id, since);

        Assert.NotNull(status.LastReconcileAt);
        var candidates = await SyncedData.StoredAsync("ats_candidates", integration.Id);
        Assert.All(goneCandidates, id => Assert.True(candidates[id]));
        var users = await SyncedData.StoredAsync("ats_users", integration.Id);
        Assert.All(goneUsers, id => Assert.False(users[id]));
        Assert.Equal(0, await SyncedData.ChangesAsync(integration.Id, "DELETED", "users"));
        integration.Faults.Lift();
    }

    [Fact]
    public async Task Kombo_not_knowing_the_integration_marks_it_gone_and_stops_pulls_until_a_webhook_names_it()
    {
        var integration = await SyncedIntegrationAsync();
        integration.Faults.RefuseReads(404, "PLATFORM.INTEGRATION_NOT_FOUND");

        await integration.FinishSync().Webhooks;
        await Poll.UntilAsync(async () => (await Grain(integration.Id).GetStatus()).GoneSince is not null, "the integration is marked gone");

        var gone = await Grain(integration.Id).GetStatus();
        Assert.Equal(IntegrationLifecycle.Active, gone.State);
        Assert.Equal(IntegrationHealth.Degraded, gone.Health);
        Assert.Contains("PLATFORM.INTEGRATION_NOT_FOUND", gone.HealthReason);
        Assert.Null(gone.RetryAt);
        var view = await Api.GetJsonAsync($"/api/integrations/{integration.Id}");
        Assert.Equal(JsonValueKind.String, view.GetProperty("gone_since").ValueKind);
        Assert.Equal("DEGRADED", view.GetProperty("health").GetString());
        Assert.Contains("PLATFORM.INTEGRATION_NOT_FOUND", view.GetProperty("health_reason").GetString());

        // The reminder's tick finds nothing to do: no retries.
        var reads = Reads(integration.Id).Count;
        await Grain(integration.Id).AsReference<IRemindable>().ReceiveReminder("sync", default);
        Assert.Equal(reads, Reads(integration.Id).Count);
        Assert.Null((await Grain(integration.Id).GetStatus()).RetryAt);

        // Kombo names it again: pulls resume.
        integration.Faults.Lift();
        var since = DateTimeOffset.UtcNow;
        await fixture.Gateway.Webhooks.SendAsync(KomboEvents.DataChanged(integration.Id, "ats_candidates"));
        var revived = await SyncedData.PullSucceededAsync(fixture.Grains, integration.Id, since);
        Assert.Null(revived.GoneSince);
        Assert.Equal(IntegrationHealth.Ok, revived.Health);
        await SyncedData.AssertMatchesSandboxAsync(integration);
    }

    [Fact]
    public async Task An_inactive_integration_is_not_pulled_until_integration_state_changed_says_ACTIVE()
    {
        var integration = await SyncedIntegrationAsync();
        integration.Faults.RefuseReads(403, "INTEGRATION.INACTIVE");
        var since = DateTimeOffset.UtcNow;

        await integration.FinishSync().Webhooks;
        await Poll.UntilAsync(async () => (await Grain(integration.Id).GetStatus()).State == IntegrationLifecycle.Inactive,
            "Kombo's INTEGRATION.INACTIVE makes the integration INACTIVE");

        var inactive = await Grain(integration.Id).GetStatus();
        Assert.Equal(IntegrationHealth.Ok, inactive.Health);
        Assert.Contains("INTEGRATION.INACTIVE", inactive.LastPull!.Error);
        Assert.Null(inactive.RetryAt);
        Assert.Equal("INACTIVE", (await Api.GetJsonAsync($"/api/integrations/{integration.Id}")).GetProperty("state").GetString());

        // Syncs keep coming; they are recorded, not pulled.
        fixture.Sandbox.Requests.Clear();
        integration.UpdateRecords(SandboxModel.Candidates, 3);
        await integration.FinishSync().Webhooks;
        Assert.NotNull((await Grain(integration.Id).GetStatus()).PullRequestedAt);
        Assert.Empty(Reads(integration.Id));

        integration.Faults.Lift();
        await integration.SetStateAsync(state: "ACTIVE");
        var active = await SyncedData.PullSucceededAsync(fixture.Grains, integration.Id, since);

        Assert.Equal(IntegrationLifecycle.Active, active.State);
        await SyncedData.AssertMatchesSandboxAsync(integration);
    }

    [Fact]
    public async Task The_guides_message_only_503_is_not_ready_and_an_operators_sync_probes_at_once_but_at_most_every_5_s()
    {
        var integration = NewIntegration();
        integration.Faults.FirstSyncPendingWithoutCode();
        IntegrationStatus first = null!;
        // The integration-created webhook makes the grain ask; its first answer may still be the sandbox's own
        // SETUP_SYNC_PENDING if the webhook beat the fault, so wait for the message-only one.
        await Poll.UntilAsync(async () => (first = await Grain(integration.Id).GetStatus()).LastPull is { Status: "NOT_READY", Error: { } error }
            && error.Contains("(no code)"), "Kombo's message-only 503 is recorded as NOT_READY", TimeSpan.FromSeconds(60));
        Assert.Equal(SetupPhase.PendingFirstSync, first.Setup);
        Assert.Equal(IntegrationHealth.Ok, first.Health);
        Assert.Contains("didn't finish yet", first.LastPull!.Error);
        var answered = first.LastPull.FinishedAt!.Value;
        var backoffUntil = first.RetryAt!.Value;
        Assert.True(backoffUntil - answered >= TimeSpan.FromSeconds(10), $"a first-sync backoff of at least 12 s, not {backoffUntil - answered}");

        // One probe per 5 s after Kombo's last answer: wait for that window to pass (well inside the backoff).
        await Poll.UntilAsync(() => DateTimeOffset.UtcNow >= answered + TimeSpan.FromSeconds(5.2), "the probe window after Kombo's answer passes");
        var readsBefore = Reads(integration.Id).Count;
        Assert.Equal(HttpStatusCode.Accepted, (await Api.PostAsync($"/api/integrations/{integration.Id}/sync", null)).StatusCode);
        IntegrationStatus probed = null!;
        await Poll.UntilAsync(async () => (probed = await Grain(integration.Id).GetStatus()).LastPull?.FinishedAt > answered,
            "the operator's sync asks Kombo at once");
        Assert.True(probed.LastPull!.FinishedAt < backoffUntil, "the probe did not wait for the backoff");
        Assert.Equal("NOT_READY", probed.LastPull.Status);
        Assert.Equal(readsBefore + 1, Reads(integration.Id).Count);

        // A second click within 5 s of that answer does not ask again now; it is served once the 5 s have passed.
        var probeAnswered = probed.LastPull.FinishedAt!.Value;
        Assert.Equal(HttpStatusCode.Accepted, (await Api.PostAsync($"/api/integrations/{integration.Id}/sync", null)).StatusCode);
        var coalesced = await Grain(integration.Id).GetStatus();
        Assert.Equal(probeAnswered + TimeSpan.FromSeconds(5), coalesced.RetryAt);
        Assert.Equal(readsBefore + 1, Reads(integration.Id).Count);
        await Poll.UntilAsync(() => Reads(integration.Id).Count > readsBefore + 1, "the coalesced probe");
        var next = Reads(integration.Id)[readsBefore + 1];
        Assert.True(new DateTimeOffset(next.At, TimeSpan.Zero) >= probeAnswered + TimeSpan.FromSeconds(4.95),
            $"the next probe came {new DateTimeOffset(next.At, TimeSpan.Zero) - probeAnswered} after the last answer");

        integration.Faults.Lift();
        var ready = await FinishSyncAndPullAsync(integration);
        Assert.Equal(SetupPhase.Ready, ready.Setup);
        await SyncedData.AssertMatchesSandboxAsync(integration);
    }

    [Fact]
    public async Task A_rate_limit_longer_than_the_client_waits_is_waited_out_by_the_pulls_backoff()
    {
        var integration = await SyncedIntegrationAsync();
        // Longer than the HTTP client waits inline (10 s), so the pull's own backoff must honour it.
        integration.Faults.RateLimit(1, retryAfterSeconds: 12);
        fixture.Sandbox.Requests.Clear();
        var since = DateTimeOffset.UtcNow;

        await integration.FinishSync().Webhooks;
        IntegrationStatus throttled = null!;
        await Poll.UntilAsync(async () => (throttled = await Grain(integration.Id).GetStatus()).LastPull is { Status: "FAILED" } pull
            && pull.StartedAt >= since, "the pull is throttled");
        Assert.Contains("PLATFORM.RATE_LIMIT_EXCEEDED", throttled.LastPull!.Error);
        Assert.True(throttled.RetryAt - throttled.LastPull.FinishedAt >= TimeSpan.FromSeconds(12), $"the backoff honours Retry-After: it waits {throttled.RetryAt - throttled.LastPull.FinishedAt}");

        var done = await SyncedData.PullSucceededAsync(fixture.Grains, integration.Id, since, TimeSpan.FromSeconds(60));

        var users = Reads(integration.Id, "/v1/ats/users");
        Assert.Equal(429, users[0].Status);
        Assert.Equal(200, users[1].Status);
        Assert.True(users[1].At - users[0].At >= TimeSpan.FromSeconds(12), $"asked again after {users[1].At - users[0].At}, before Retry-After");
        Assert.Equal(IntegrationHealth.Ok, done.Health);
        await SyncedData.AssertMatchesSandboxAsync(integration);
    }

    [Theory]
    [InlineData(409, "INTEGRATION.SETUP_SYNC_PENDING", "NOT_READY", IntegrationHealth.Ok)]
    [InlineData(409, "INTEGRATION.SETUP_INCOMPLETE", "NOT_READY", IntegrationHealth.NeedsCustomerAction)]
    [InlineData(409, "INTEGRATION.QA_FAILED", "NOT_READY", IntegrationHealth.KomboIssue)]
    [InlineData(401, "INTEGRATION.AUTHENTICATION_INVALID", "FAILED", IntegrationHealth.NeedsCustomerAction)]
    [InlineData(401, "PLATFORM.AUTHENTICATION_INVALID", "FAILED", IntegrationHealth.Degraded)]
    [InlineData(403, "PLATFORM.IP_NOT_WHITELISTED", "FAILED", IntegrationHealth.Degraded)]
    [InlineData(403, "INTEGRATION.PERMISSION_MISSING", "SUCCEEDED", IntegrationHealth.NeedsCustomerAction)]
    [InlineData(418, "PLATFORM.SOMETHING_NEW", "FAILED", IntegrationHealth.Degraded)]
    [InlineData(409, "INTEGRATION.SOMETHING_NEW", "FAILED", IntegrationHealth.Degraded)]
    public async Task Each_code_on_every_read_leaves_the_pull_status_and_health_its_row_says(int status, string code, string pull,
        IntegrationHealth health)
    {
        var integration = await SyncedIntegrationAsync();
        integration.Faults.RefuseReads(status, code);
        var since = DateTimeOffset.UtcNow;

        await integration.FinishSync().Webhooks;
        IntegrationStatus result = null!;
        await Poll.UntilAsync(async () => (result = await Grain(integration.Id).GetStatus()).LastPull is { } last
            && last.StartedAt >= since && last.Status == pull && (result.PullInProgress is null) == (pull == "SUCCEEDED"),
            $"the pull ends {pull} after {code}");

        Assert.Equal(health, result.Health);
        if (health != IntegrationHealth.Ok)
        {
            Assert.False(string.IsNullOrEmpty(result.HealthReason));
        }
        if (code.EndsWith("AUTHENTICATION_INVALID", StringComparison.Ordinal))
        {
            // Credentials are fixed by people: retried slowly (at least 0.8 × a minute).
            Assert.True(result.RetryAt - result.LastPull!.FinishedAt >= TimeSpan.FromSeconds(45), "a slow retry");
        }
        if (code == "PLATFORM.AUTHENTICATION_INVALID")
        {
            Assert.Contains(CapturedLogs.All, line => line.StartsWith("Error", StringComparison.Ordinal) && line.Contains(integration.Id)
                && line.Contains("Kombo:ApiKey"));
        }
        if (pull == "SUCCEEDED")
        {
            Assert.All(result.Models.Values, m => Assert.Equal(code, m.Code));
        }
        integration.Faults.Lift();
    }
}
