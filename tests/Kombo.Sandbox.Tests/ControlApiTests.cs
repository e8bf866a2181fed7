using System.Net;
using System.Text.Json;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Tests.Infrastructure;

namespace Kombo.Sandbox.Tests;

/// <summary>The HTTP control API drives the same state as the C# surface.</summary>
public sealed class ControlApiTests : SandboxTest
{
    private Task<(HttpStatusCode Status, JsonElement Body)> Post(string path, string json) => SandboxHarness.Send(Harness.Control, HttpMethod.Post, path, json);

    private async Task<string> CreateIntegration(string json)
    {
        var (status, body) = await Post("integrations", json);
        Assert.Equal(HttpStatusCode.Created, status);
        return body.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task An_integration_created_over_HTTP_has_the_requested_tool_scale_and_lifecycle()
    {
        var id = await CreateIntegration("""{"tool":"personio","seed":5,"scale":{"jobs":3,"candidates":7,"applications":9,"users":2,"tags":4},"setup_pending_status":503}""");
        Assert.StartsWith("personio:", id);
        var (_, view) = await SandboxHarness.GetJson(Harness.Control, $"integrations/{id}");
        Assert.Equal("FINAL_SYNC_PENDING", view.GetProperty("setup_status").GetString());
        Assert.Equal(503, view.GetProperty("setup_pending_status").GetInt32());
        Assert.Equal(7, view.GetProperty("counts").GetProperty("candidates").GetInt32());
        Assert.Equal(3, view.GetProperty("counts").GetProperty("jobs").GetInt32());

        var (_, sync) = await Post($"integrations/{id}/sync", """{"sync_state":"SUCCEEDED"}""");
        Assert.True(sync.GetProperty("setup_completed").GetBoolean());
        using var client = Harness.Sandbox.CreateClient(id);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("ats/jobs")).StatusCode);

        var (_, state) = await SandboxHarness.Send(Harness.Control, HttpMethod.Put, $"integrations/{id}/state", """{"state":"INACTIVE"}""");
        Assert.Equal("INACTIVE", state.GetProperty("state").GetString());
        using var deleted = await Harness.Control.DeleteAsync($"integrations/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var (gone, _) = await SandboxHarness.GetJson(Harness.Control, $"integrations/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone);
        await Harness.Receiver.WaitFor("integration-deleted", d => d.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task Every_change_route_changes_records_and_returns_their_ids()
    {
        var id = await CreateIntegration("""{"ready":true}""");
        var integration = Harness.Sandbox.Integration(id);
        var jobId = integration.Records(SandboxModel.Jobs)[0].Id;
        var tagId = integration.Records(SandboxModel.Tags)[0].Id;
        (string Route, string Body, int Expected)[] calls =
        [
            ("update", """{"model":"candidates","count":3}""", 3),
            ("create", """{"model":"applications","count":2}""", 2),
            ("delete", """{"model":"tags","count":1}""", 1),
            ("job-status", $$"""{"status":"CLOSED","ids":["{{jobId}}"]}""", 1),
            ("move-applications", """{"count":2}""", 2),
            ("job-stages", $$"""{"job_id":"{{jobId}}","action":"add"}""", 1),
            ("tag-candidates", $$"""{"count":2,"tag_id":"{{integration.Records(SandboxModel.Tags)[1].Id}}"}""", 2),
            ("delete", """{"model":"candidates","count":1}""", 1),
            ("anonymise", """{"older_than_seconds":0}""", 1),
        ];
        foreach (var (route, body, expected) in calls)
        {
            var (status, result) = await Post($"integrations/{id}/changes/{route}", body);
            Assert.True(status == HttpStatusCode.OK, $"{route}: {status} {result}");
            Assert.Equal(expected, result.GetProperty("ids").GetArrayLength());
        }
        var (_, view) = await SandboxHarness.GetJson(Harness.Control, $"integrations/{id}");
        Assert.Contains("ats_join_candidates_tags", view.GetProperty("pending_changed_models").EnumerateArray().Select(m => m.GetString()));
        var (_, job) = await SandboxHarness.GetJson(Harness.Control, $"integrations/{id}/records/jobs/{jobId}");
        Assert.Equal("CLOSED", job.GetProperty("status").GetString());
        var (_, records) = await SandboxHarness.GetJson(Harness.Control, $"integrations/{id}/records/tags");
        Assert.Single(records.EnumerateArray(), r => r.GetProperty("deleted").GetBoolean());
        Assert.Equal(tagId, records[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Unknown_integrations_models_and_records_answer_404_or_400()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Post("integrations/greenhouse:nope/sync", "{}")).Status);
        var id = await CreateIntegration("{}");
        Assert.Equal(HttpStatusCode.BadRequest, (await Post($"integrations/{id}/changes/update", """{"model":"offers"}""")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Post($"integrations/{id}/changes/update", """{"model":"jobs","ids":["missing"]}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post($"integrations/{id}/faults", """{"count":0}""")).Status);
    }

    [Fact]
    public async Task Webhook_deliveries_are_readable_and_the_target_can_be_changed()
    {
        var id = await CreateIntegration("""{"ready":true}""");
        await Harness.Receiver.WaitFor("integration-created");
        await Eventually.True(() => Harness.Sandbox.Webhooks.Pending == 0, "delivery finished");
        var (_, webhooks) = await SandboxHarness.GetJson(Harness.Control, $"webhooks?integration_id={id}");
        var delivery = Assert.Single(webhooks.GetProperty("deliveries").EnumerateArray());
        Assert.Equal(200, delivery.GetProperty("status_code").GetInt32());
        Assert.Equal("integration-created", delivery.GetProperty("type").GetString());

        await SandboxHarness.Send(Harness.Control, HttpMethod.Put, "webhooks/target", """{"url":null}""");
        await Post($"integrations/{id}/sync", "{}");
        await Eventually.True(() => Harness.Sandbox.Webhooks.Pending == 0, "sync webhooks handled");
        Assert.Contains(Harness.Sandbox.Webhooks.Outcomes, o => o.Type == "sync-finished" && o.Error!.Contains("no webhook URL"));
        using var cleared = await Harness.Control.DeleteAsync("webhooks");
        Assert.Empty(Harness.Sandbox.Webhooks.Events);
    }

    [Fact]
    public async Task The_control_API_reads_JSON_bodies_sent_as_curl_d_sends_them_and_refuses_a_taken_id()
    {
        using var content = new StringContent("""{"id":"lever:FixedId","tool":"lever"}""", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        using var created = await Harness.Control.PostAsync("integrations", content);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("lever:FixedId", Harness.Sandbox.Integration("lever:FixedId").Id);
        var (again, _) = await Post("integrations", """{"id":"lever:FixedId","tool":"lever"}""");
        Assert.Equal(HttpStatusCode.BadRequest, again);
    }

    [Fact]
    public async Task The_root_lists_the_base_url_and_integrations()
    {
        await CreateIntegration("{}");
        var (_, root) = await SandboxHarness.GetJson(Harness.Control, "");
        Assert.Equal(Harness.Sandbox.BaseUrl, root.GetProperty("base_url").GetString());
        Assert.Single(root.GetProperty("integrations").EnumerateArray());
    }

    [Fact]
    public async Task Demo_mode_finishes_its_first_sync_and_then_keeps_changing_and_syncing()
    {
        await using var demo = await KomboSandbox.StartAsync(new SandboxOptions
        {
            Demo = true,
            WebhookUrl = Harness.Receiver.Url,
            WebhookSecret = SandboxHarness.Secret,
            DemoFirstSyncAfter = TimeSpan.FromMilliseconds(200),
            DemoChangeEvery = TimeSpan.FromMilliseconds(200),
        });
        var integration = demo.Initial!;
        Assert.Equal(600, integration.LiveCounts()["applications"]);
        using var client = demo.CreateClient(integration.Id);
        // Sent only when a setup sync completes, so the demo integration did start pending.
        var setup = await Harness.Receiver.WaitFor("integration-state-changed", d => d.GetProperty("integration_id").GetString() == integration.Id);
        Assert.Equal("COMPLETED", setup.Data.GetProperty("setup_status").GetString());
        await Eventually.True(() => Harness.Receiver.OfType("data-changed").Count(w => w.Data.GetProperty("integration_id").GetString() == integration.Id) >= 3,
            "the first sync and two deltas");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("ats/jobs")).StatusCode);
    }
}
