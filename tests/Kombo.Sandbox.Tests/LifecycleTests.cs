using System.Net;
using System.Text.Json;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using Kombo.Sandbox.Tests.Infrastructure;

namespace Kombo.Sandbox.Tests;

public sealed class LifecycleTests : SandboxTest
{
    [Fact]
    public async Task A_new_integration_answers_SETUP_SYNC_PENDING_with_409_on_every_read_until_its_first_sync()
    {
        var integration = Harness.Sandbox.CreateIntegration();
        using var client = Harness.Client(integration);
        foreach (var model in SandboxModels.All)
        {
            var (status, body) = await SandboxHarness.GetJson(client, "ats/" + model.PathName());
            Assert.Equal(HttpStatusCode.Conflict, status);
            Assert.Equal("INTEGRATION.SETUP_SYNC_PENDING", body.GetProperty("error").GetProperty("code").GetString());
        }
        var (_, pending) = await SandboxHarness.GetJson(client, $"integrations/{integration.Id}");
        Assert.Equal("FINAL_SYNC_PENDING", pending.GetProperty("data").GetProperty("setup_status").GetString());
        var sync = integration.FinishSync();
        Assert.True(sync.SetupCompleted);
        var (_, completed) = await SandboxHarness.GetJson(client, $"integrations/{integration.Id}");
        Assert.Equal("COMPLETED", completed.GetProperty("data").GetProperty("setup_status").GetString());
        var (after, _) = await SandboxHarness.GetJson(client, "ats/jobs");
        Assert.Equal(HttpStatusCode.OK, after);
    }

    [Fact]
    public async Task The_setup_pending_status_can_be_503_as_Kombo_answered_before_May_2026()
    {
        var integration = Harness.Sandbox.CreateIntegration(new IntegrationSpec { SetupPendingStatus = 503 });
        using var client = Harness.Client(integration);
        var (status, body) = await SandboxHarness.GetJson(client, "ats/candidates");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("INTEGRATION.SETUP_SYNC_PENDING", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Creating_an_integration_sends_integration_created()
    {
        var integration = Harness.Sandbox.CreateIntegration();
        var created = await Harness.Receiver.WaitFor("integration-created", d => d.GetProperty("id").GetString() == integration.Id);
        Assert.Equal("greenhouse", created.Data.GetProperty("tool").GetString());
        Assert.Equal("ATS", created.Data.GetProperty("category").GetString());
        Assert.Equal("Acme, Inc.", created.Data.GetProperty("end_user").GetProperty("organization_name").GetString());
    }

    [Theory]
    [InlineData("AUTHENTICATION_FAILED")]
    [InlineData("FAILED")]
    [InlineData("TIMED_OUT")]
    [InlineData("CANCELLED")]
    public async Task A_failed_first_sync_sends_sync_finished_but_keeps_setup_pending_and_sends_no_data_changed(string state)
    {
        var integration = Harness.Sandbox.CreateIntegration();
        using var client = Harness.Client(integration);
        var report = integration.FinishSync(state);
        await report.Webhooks;
        Assert.False(report.SetupCompleted);
        var finished = await Harness.Receiver.WaitFor("sync-finished", d => d.GetProperty("integration_id").GetString() == integration.Id);
        Assert.Equal(state, finished.Data.GetProperty("sync_state").GetString());
        Assert.DoesNotContain(Harness.Receiver.OfType("data-changed"), w => w.Data.GetProperty("integration_id").GetString() == integration.Id);
        var (status, _) = await SandboxHarness.GetJson(client, "ats/jobs");
        Assert.Equal(HttpStatusCode.Conflict, status);
    }

    [Fact]
    public async Task The_first_successful_sync_sends_integration_state_changed_sync_finished_and_data_changed_for_every_model()
    {
        var integration = Harness.Sandbox.CreateIntegration();
        await integration.FinishSync().Webhooks;
        var state = await Harness.Receiver.WaitFor("integration-state-changed", d => d.GetProperty("integration_id").GetString() == integration.Id);
        Assert.Equal("COMPLETED", state.Data.GetProperty("setup_status").GetString());
        Assert.Equal("ACTIVE", state.Data.GetProperty("state").GetString());
        var changed = await Harness.Receiver.WaitFor("data-changed", d => d.GetProperty("integration_id").GetString() == integration.Id);
        var names = changed.Data.GetProperty("changed_models").EnumerateArray().Select(m => m.GetProperty("name").GetString()).ToList();
        Assert.Equal(SandboxModels.All.Select(m => m.KomboName()).Order(), names.Order());
    }

    [Fact]
    public async Task Changes_after_a_failed_sync_are_announced_by_the_next_successful_one()
    {
        var integration = Harness.Ready();
        integration.MoveApplications(2);
        await integration.FinishSync("PARTIALLY_FAILED").Webhooks;
        integration.UpdateRecords(SandboxModel.Tags);
        var failed = integration.FinishSync("FAILED");
        Assert.Empty(failed.ChangedModels);
        integration.UpdateRecords(SandboxModel.Users);
        var next = integration.FinishSync();
        Assert.Equal(["ats_tags", "ats_users"], next.ChangedModels);
        await next.Webhooks;
        var changes = Harness.Receiver.OfType("data-changed").Where(w => w.Data.GetProperty("integration_id").GetString() == integration.Id).ToList();
        Assert.Equal(2, changes.Count);
        Assert.Equal("ats_applications", Assert.Single(changes[0].Data.GetProperty("changed_models").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Force_sync_queues_one_sync_at_a_time_and_names_the_id_of_the_next_finished_sync()
    {
        var integration = Harness.Ready();
        using var client = Harness.Client(integration);
        var (status, body) = await SandboxHarness.Send(client, HttpMethod.Post, "force-sync", """{"type":"DELTA"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.GetProperty("data").GetProperty("already_queued").GetBoolean());
        Assert.Equal("DELTA", body.GetProperty("data").GetProperty("type").GetString());
        // Kombo keeps one sync running or queued: a second request gets that one, whatever type it asked for.
        var (_, again) = await SandboxHarness.Send(client, HttpMethod.Post, "force-sync", """{"type":"FULL"}""");
        Assert.True(again.GetProperty("data").GetProperty("already_queued").GetBoolean());
        Assert.Equal("DELTA", again.GetProperty("data").GetProperty("type").GetString());
        var syncId = body.GetProperty("data").GetProperty("sync_id").GetString();
        Assert.Equal(syncId, again.GetProperty("data").GetProperty("sync_id").GetString());
        Assert.Equal(syncId, integration.FinishSync().SyncId);

        var (_, next) = await SandboxHarness.Send(client, HttpMethod.Post, "force-sync", "");
        Assert.False(next.GetProperty("data").GetProperty("already_queued").GetBoolean());
        Assert.Equal("FULL", next.GetProperty("data").GetProperty("type").GetString());
        Assert.NotEqual(syncId, next.GetProperty("data").GetProperty("sync_id").GetString());
        var (invalid, error) = await SandboxHarness.Send(client, HttpMethod.Post, "force-sync", """{"type":"PARTIAL"}""");
        Assert.Equal(HttpStatusCode.BadRequest, invalid);
        Assert.Equal("PLATFORM.INPUT_INVALID", error.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_sync_with_nothing_changed_sends_no_data_changed()
    {
        var integration = Harness.Ready();
        var report = integration.FinishSync();
        await report.Webhooks;
        Assert.Empty(report.ChangedModels);
        Assert.DoesNotContain(Harness.Receiver.OfType("data-changed"), w => w.Data.GetProperty("integration_id").GetString() == integration.Id);
    }

    [Fact]
    public async Task Setting_the_state_sends_integration_state_changed_with_every_field()
    {
        var integration = Harness.Ready();
        await integration.SetStateAsync(state: "INVALID", qaStatus: "FAILED");
        var webhook = await Harness.Receiver.WaitFor("integration-state-changed", d => d.GetProperty("integration_id").GetString() == integration.Id);
        var data = webhook.Data;
        Assert.Equal("INVALID", data.GetProperty("state").GetString());
        Assert.Equal("FAILED", data.GetProperty("qa_status").GetString());
        Assert.Equal("COMPLETED", data.GetProperty("setup_status").GetString());
        Assert.Equal(["end_user", "integration_category", "integration_id", "integration_tool", "qa_status", "setup_status", "state", "updated_at"],
            data.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task Deleting_an_integration_sends_integration_deleted_and_its_reads_answer_INTEGRATION_NOT_FOUND()
    {
        var integration = Harness.Ready();
        using var client = Harness.Client(integration);
        await Harness.Sandbox.DeleteIntegrationAsync(integration.Id);
        var deleted = await Harness.Receiver.WaitFor("integration-deleted", d => d.GetProperty("id").GetString() == integration.Id);
        Assert.Equal(JsonValueKind.String, deleted.Data.GetProperty("deleted_at").ValueKind);
        var (status, body) = await SandboxHarness.GetJson(client, "ats/jobs");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("PLATFORM.INTEGRATION_NOT_FOUND", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public void The_same_seed_generates_the_same_data_and_different_integrations_have_their_own()
    {
        var a = Harness.Ready(seed: 7);
        var b = Harness.Ready(seed: 7);
        var c = Harness.Ready(seed: 8);
        Assert.NotEqual(a.Id, b.Id);
        foreach (var model in SandboxModels.All)
        {
            var first = a.Records(model);
            Assert.Equal(first.Select(r => a.RecordJson(model, r.Id)), b.Records(model).Select(r => b.RecordJson(model, r.Id)));
            Assert.Empty(first.Select(r => r.Id).Intersect(c.Records(model).Select(r => r.Id)));
        }
    }

    [Fact]
    public void Generated_data_is_realistic_unicode_html_raw_enums_phones_salaries_and_nulls()
    {
        var integration = Harness.Ready(new GeneratorScale { Jobs = 200, Candidates = 300, Applications = 300, Users = 20, Tags = 20 });
        var jobs = integration.Records(SandboxModel.Jobs).Select(j => JsonSerializer.Deserialize<JsonElement>(integration.RecordJson(SandboxModel.Jobs, j.Id)!)).ToList();
        var candidates = integration.Records(SandboxModel.Candidates).Select(c => JsonSerializer.Deserialize<JsonElement>(integration.RecordJson(SandboxModel.Candidates, c.Id)!)).ToList();
        string?[] unified = ["FULL_TIME", "PART_TIME", "CONTRACT", "SEASONAL", "INTERNSHIP", null];
        Assert.Contains(jobs, j => !unified.Contains(j.GetProperty("employment_type").GetString()));
        Assert.Contains(jobs, j => j.GetProperty("status").GetString() is { } s && s is not ("OPEN" or "CLOSED" or "DRAFT" or "ARCHIVED"));
        Assert.Contains(jobs, j => j.GetProperty("description").GetString()?.Contains("<p>") == true);
        Assert.Contains(jobs, j => j.GetProperty("salary_amount").ValueKind == JsonValueKind.Number || j.GetProperty("salary_amount_from").ValueKind == JsonValueKind.Number);
        Assert.Contains(jobs, j => j.GetProperty("job_code").ValueKind == JsonValueKind.Null);
        Assert.Contains(candidates, c => c.GetProperty("first_name").GetString()?.Any(ch => ch > 127) == true);
        Assert.Contains(candidates, c => c.GetProperty("phone_numbers").ValueKind == JsonValueKind.Array && c.GetProperty("phone_numbers").GetArrayLength() > 0);
        Assert.Contains(candidates, c => c.GetProperty("company").ValueKind == JsonValueKind.Null);
    }
}
