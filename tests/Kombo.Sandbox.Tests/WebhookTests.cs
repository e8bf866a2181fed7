using System.Security.Cryptography;
using System.Text;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Tests.Infrastructure;

namespace Kombo.Sandbox.Tests;

public sealed class WebhookTests : SandboxTest
{
    /// <summary>Computed here from first principles, not with the sandbox's code.</summary>
    private static string IndependentSignature(byte[] body)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(SandboxHarness.Secret));
        return Convert.ToBase64String(hmac.ComputeHash(body)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    [Fact]
    public async Task Every_webhook_is_signed_with_HMAC_SHA256_of_the_raw_body_in_unpadded_base64url()
    {
        var integration = Harness.Sandbox.CreateIntegration();
        integration.FinishSync();
        await Harness.Receiver.WaitFor("data-changed");
        var received = Harness.Receiver.Received;
        Assert.True(received.Count >= 4);
        Assert.All(received, w =>
        {
            Assert.Equal(IndependentSignature(w.RawBody), w.Signature);
            Assert.DoesNotContain('=', w.Signature!);
        });
    }

    [Fact]
    public async Task Event_ids_are_unique()
    {
        for (var i = 0; i < 5; i++)
        {
            Harness.Ready().FinishSync();
        }
        await Eventually.True(() => Harness.Sandbox.Webhooks.Pending == 0 && Harness.Receiver.Received.Count >= 10, "all webhooks delivered");
        var ids = Harness.Receiver.Received.Select(w => w.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task Sync_finished_carries_exactly_Kombos_fields()
    {
        var integration = Harness.Ready();
        await integration.FinishSync("SUCCEEDED").Webhooks;
        var webhook = await Harness.Receiver.WaitFor("sync-finished");
        Assert.Equal(["end_user", "integration_category", "integration_id", "integration_tool", "log_url", "sync_duration_seconds", "sync_ended_at", "sync_id", "sync_started_at", "sync_state"],
            webhook.Data.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(["creator_email", "organization_name", "origin_id"], webhook.Data.GetProperty("end_user").EnumerateObject().Select(p => p.Name).Order());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", webhook.Data.GetProperty("sync_ended_at").GetString());
        Assert.Equal(["data", "id", "type"], System.Text.Json.JsonDocument.Parse(webhook.RawBody).RootElement.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_and_every_attempt_is_recorded_with_its_answer()
    {
        Harness.Receiver.Respond = _ => (500, "{\"oops\":true}");
        var integration = Harness.Ready();
        var report = integration.FinishSync();
        await report.Webhooks;
        var attempts = Harness.Sandbox.Webhooks.Deliveries.Where(d => d.Type == "sync-finished" && d.IntegrationId == integration.Id).ToList();
        Assert.Equal(3, attempts.Count);
        Assert.Equal([1, 2, 3], attempts.Select(a => a.Attempt));
        Assert.All(attempts, a =>
        {
            Assert.Equal(500, a.StatusCode);
            Assert.Equal("{\"oops\":true}", a.ResponseBody);
        });
        var outcome = Harness.Sandbox.Webhooks.Outcomes.Single(o => o.EventId == attempts[0].EventId);
        Assert.False(outcome.Delivered);
        Assert.Equal(3, outcome.Attempts);
    }

    [Fact]
    public async Task A_receiver_that_recovers_gets_the_same_event_again_and_delivery_stops()
    {
        var calls = 0;
        Harness.Receiver.Respond = w => w.Type == "sync-finished" && Interlocked.Increment(ref calls) == 1 ? (503, "busy") : (200, "{}");
        var integration = Harness.Ready();
        await integration.FinishSync().Webhooks;
        var deliveries = Harness.Receiver.OfType("sync-finished");
        Assert.Equal(2, deliveries.Count);
        Assert.Equal(deliveries[0].Id, deliveries[1].Id);
        Assert.Equal(deliveries[0].RawBody, deliveries[1].RawBody);
    }

    [Fact]
    public async Task An_unreachable_receiver_is_recorded_as_a_connection_error_and_retried()
    {
        Harness.Sandbox.Webhooks.Url = "http://127.0.0.1:1/webhooks/kombo";
        var integration = Harness.Ready();
        await integration.FinishSync().Webhooks;
        var attempts = Harness.Sandbox.Webhooks.Deliveries.Where(d => d.IntegrationId == integration.Id && d.Type == "sync-finished").ToList();
        Assert.Equal(3, attempts.Count);
        Assert.All(attempts, a =>
        {
            Assert.Null(a.StatusCode);
            Assert.False(string.IsNullOrEmpty(a.Error));
        });
    }

    [Fact]
    public async Task Data_changed_lists_the_changed_models_by_Kombos_names()
    {
        var integration = Harness.Ready();
        integration.TagCandidates(2);
        integration.ChangeJobStages(integration.Records(SandboxModel.Jobs)[0].Id, StageAction.Add);
        await integration.FinishSync().Webhooks;
        var webhook = await Harness.Receiver.WaitFor("data-changed");
        Assert.Equal(["ats_application_stages", "ats_join_candidates_tags", "ats_join_jobs_application_stages"],
            webhook.Data.GetProperty("changed_models").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        Assert.Equal("ATS", webhook.Data.GetProperty("integration_category").GetString());
        Assert.Equal("greenhouse", webhook.Data.GetProperty("integration_tool").GetString());
    }
}
