using System.Net;
using System.Text.Json;
using Kombo.Sandbox.Assessment;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using Orleans.Runtime;
using OrleansKombo.Assessment;
using OrleansKombo.Tests.Api;
using OrleansKombo.Tests.Infrastructure;
using OrleansKombo.Tests.Jobs;
using OrleansKombo.Tests.Orders;

namespace OrleansKombo.Tests.Triggers;

/// <summary>
/// Results of triggered orders written into the application (issue 12 §3) against PostgreSQL and the sandbox: the result
/// link with its attributes, the note, stage move and tag a rule asks for, the note that stands in for an action the
/// integration lacks, the failure when notes are unavailable too, a retry after a passing error, and no second link
/// when a silo dies in the middle.
/// </summary>
[Collection(KomboClusterCollection.Name)]
public sealed class TriggerWriteBackTests(KomboCluster fixture)
{
    private const string LinkAction = "ats_add_application_result_link";
    private const string NoteAction = "ats_add_application_note";

    private HttpClient Api => fixture.Gateway.Api;

    private sealed record Triggered(SandboxIntegration Integration, string OrderId, string ApplicationId, string CandidateId, string JobId,
        string TriggerStageId, string? OtherStageId);

    /// <summary>
    /// A synced integration with a rule on a stage of an open job, an application moved into it and the TRIGGER order
    /// that gave; <paramref name="onResult"/> is the rule's on_result, given the job's stages (trigger stage, another).
    /// </summary>
    private async Task<Triggered> TriggeredAsync(Func<string, string?, object>? onResult = null, Action<SandboxIntegration>? before = null)
    {
        var integration = fixture.Sandbox.CreateIntegration(new IntegrationSpec { Ready = true, Scale = JobsRig.Scale, Seed = Random.Shared.Next() });
        before?.Invoke(integration);
        await Assessments.KnownAsync(integration.Id);
        await Assessments.PutPackagesAsync(Api, integration.Id, Assessments.PackageSet(Assessments.SkillsTest));
        await JobsRig.SyncAsync(fixture, integration);
        var (applicationId, candidateId, jobId, target, other) = Pick(integration);
        await JobsRig.SyncAsync(fixture, integration);
        await Api.SendJsonAsync(HttpMethod.Put, $"/api/integrations/{integration.Id}/triggers", new
        {
            rules = new[] { new { id = "on-stage", package_id = Assessments.SkillsTest, when = new { stage_id = target }, on_result = onResult?.Invoke(target, other) } },
        });
        integration.MoveApplications(ids: [applicationId], stageId: target);
        await JobsRig.SyncAsync(fixture, integration);
        var orderId = await TestDatabase.ScalarAsync<string>(
            "SELECT order_id FROM trigger_orders WHERE integration_id = @id AND application_id = @application", ("id", integration.Id), ("application", applicationId))
            ?? throw new InvalidOperationException("The stage move started no order.");
        return new Triggered(integration, orderId, applicationId, candidateId, jobId, target, other);
    }

    /// <summary>A live pending application whose job (opened here) has two stages besides the application's own, and those two.</summary>
    private static (string ApplicationId, string CandidateId, string JobId, string Target, string? Other) Pick(SandboxIntegration integration)
    {
        foreach (var summary in integration.Records(SandboxModel.Applications).Where(r => !r.Deleted))
        {
            var application = Record(integration, SandboxModel.Applications, summary.Id);
            if (application.GetProperty("outcome").GetString() != "PENDING" || application.GetProperty("job_id").GetString() is not { } jobId
                || application.GetProperty("candidate_id").GetString() is not { } candidateId
                || integration.Records(SandboxModel.Jobs).Any(j => j.Id == jobId && j.Deleted)
                // An order for a candidate without an email address is rejected; these tests want one that takes a result.
                || !PlainEmail(Record(integration, SandboxModel.Candidates, candidateId)))
            {
                continue;
            }
            var current = application.GetProperty("current_stage_id").GetString();
            var others = Record(integration, SandboxModel.Jobs, jobId).GetProperty("stages").EnumerateArray()
                .Select(s => s.GetProperty("id").GetString()!).Where(s => s != current).ToList();
            if (others.Count > 0)
            {
                integration.SetJobStatus("OPEN", ids: [jobId]);
                return (summary.Id, candidateId, jobId, others[0], others.Count > 1 ? others[1] : current);
            }
        }
        throw new InvalidOperationException("The sandbox has no application to move.");
    }

    /// <summary>The candidate's first email address, which the order is sent to, is a plain valid one.</summary>
    private static bool PlainEmail(JsonElement candidate) =>
        candidate.TryGetProperty("email_addresses", out var emails) && emails.ValueKind == JsonValueKind.Array
        && emails.EnumerateArray().Select(e => e.TryGetProperty("email_address", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null)
            .FirstOrDefault(e => !string.IsNullOrWhiteSpace(e)) is { } email
        && !email.Any(c => char.IsWhiteSpace(c) || c > 127) && System.Net.Mail.MailAddress.TryCreate(email, out var parsed) && parsed.Address == email;

    private static JsonElement Record(SandboxIntegration integration, SandboxModel model, string id) =>
        JsonDocument.Parse(integration.RecordJson(model, id)!).RootElement;

    private static string TagName(SandboxIntegration integration) =>
        integration.Records(SandboxModel.Tags).Where(t => !t.Deleted)
            .Select(t => Record(integration, SandboxModel.Tags, t.Id).GetProperty("name").GetString())
            .First(n => !string.IsNullOrWhiteSpace(n))!;

    private static List<AcceptedWrite> Writes(SandboxIntegration integration, string kind) =>
        integration.Assessment.Writes.Where(w => w.Kind == kind).ToList();

    /// <summary>The writes into applications and candidates (not the package pushes).</summary>
    private static List<AcceptedWrite> AtsWrites(SandboxIntegration integration) =>
        integration.Assessment.Writes.Where(w => w.Kind is "result-link" or "note" or "stage" or "tag").ToList();

    private static JsonElement WriteBack(JsonElement order) => order.GetProperty("write_back");

    private Task<JsonElement> WriteBackIsAsync(string orderId, string status) =>
        Assessments.WaitForAsync(Api, orderId, o => o.GetProperty("write_back") is { ValueKind: JsonValueKind.Object } w
            && w.GetProperty("status").GetString() == status, $"the write-back is {status}", TimeSpan.FromSeconds(60));

    [Fact]
    public async Task A_result_writes_the_link_with_its_attributes_and_the_note_stage_move_and_tag_the_rule_asks_for()
    {
        string? tag = null;
        var order = await TriggeredAsync((_, other) => new
        {
            result_link = true, note = true, move_to_stage_id = other, tag_name = tag, custom_field_name_prefix = "Acme:",
        }, integration => tag = TagName(integration));

        await Assessments.PostResultAsync(Api, order.OrderId, Assessments.Result(82)).AcceptedAsync();

        var writeBack = WriteBack(await WriteBackIsAsync(order.OrderId, "DONE"));
        Assert.Equal(JsonValueKind.Null, writeBack.GetProperty("last_error").ValueKind);
        var link = Assert.Single(Writes(order.Integration, "result-link"));
        Assert.Equal(order.ApplicationId, link.TargetId);
        var body = JsonDocument.Parse(link.Body).RootElement;
        Assert.Equal("https://assessments.example.com/results/1", body.GetProperty("url").GetString());
        Assert.Contains("result", body.GetProperty("label").GetString());
        Assert.Equal("Acme:", body.GetProperty("details").GetProperty("custom_field_name_prefix").GetString());
        Assert.Equal([("Score", "82/100"), ("Role fit", "Excellent"), ("Personality test", "97/100")],
            body.GetProperty("details").GetProperty("attributes").EnumerateArray().Select(a => (a.GetProperty("key").GetString(), a.GetProperty("value").GetString())));
        var note = Assert.Single(Writes(order.Integration, "note"));
        Assert.Contains("82/100", JsonDocument.Parse(note.Body).RootElement.GetProperty("content").GetString());
        var move = Assert.Single(Writes(order.Integration, "stage"));
        Assert.Equal((order.ApplicationId, order.OtherStageId), (move.TargetId, JsonDocument.Parse(move.Body).RootElement.GetProperty("stage_id").GetString()));
        var tagged = Assert.Single(Writes(order.Integration, "tag"));
        Assert.Equal((order.CandidateId, tag), (tagged.TargetId, JsonDocument.Parse(tagged.Body).RootElement.GetProperty("tag").GetProperty("name").GetString()));
        Assert.Equal(order.OtherStageId, Record(order.Integration, SandboxModel.Applications, order.ApplicationId).GetProperty("current_stage_id").GetString());
        Assert.Equal("COMPLETED", (await Assessments.DetailsAsync(Api, order.OrderId)).Status());
    }

    [Fact]
    public async Task An_action_Kombo_answers_ACTION_NOT_AVAILABLE_for_becomes_a_note()
    {
        var order = await TriggeredAsync();
        order.Integration.Faults.FailWrites(1, 403, "INTEGRATION.ACTION_NOT_AVAILABLE", kind: "result-link");

        await Assessments.PostResultAsync(Api, order.OrderId, Assessments.Result()).AcceptedAsync();

        var writeBack = WriteBack(await WriteBackIsAsync(order.OrderId, "DONE"));
        Assert.Empty(Writes(order.Integration, "result-link"));
        var note = Assert.Single(Writes(order.Integration, "note"));
        Assert.Contains("https://assessments.example.com/results/1", JsonDocument.Parse(note.Body).RootElement.GetProperty("content").GetString());
        Assert.Contains(writeBack.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("ACTION_NOT_AVAILABLE"));
    }

    [Fact]
    public async Task An_action_missing_from_write_actions_becomes_a_note_and_without_notes_the_write_back_fails_with_the_reason()
    {
        var order = await TriggeredAsync(before: i => i.SetWriteActionAvailable(LinkAction, false));
        await Assessments.PostResultAsync(Api, order.OrderId, Assessments.Result()).AcceptedAsync();
        var writeBack = WriteBack(await WriteBackIsAsync(order.OrderId, "DONE"));
        Assert.Empty(Writes(order.Integration, "result-link"));
        Assert.Single(Writes(order.Integration, "note"));
        Assert.Contains(writeBack.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("write_actions"));

        var none = await TriggeredAsync(before: i =>
        {
            i.SetWriteActionAvailable(LinkAction, false);
            i.SetWriteActionAvailable(NoteAction, false);
        });
        await Assessments.PostResultAsync(Api, none.OrderId, Assessments.Result()).AcceptedAsync();
        var failed = WriteBack(await WriteBackIsAsync(none.OrderId, "FAILED"));
        Assert.Contains(NoteAction, failed.GetProperty("last_error").GetString());
        Assert.Empty(AtsWrites(none.Integration));
        // The operator views show it like any failed write-back.
        Assert.Contains(await Api.GetAllPagesAsync($"/api/integrations/{none.Integration.Id}/orders?page_size=50"),
            o => o.GetProperty("id").GetString() == none.OrderId);
    }

    [Fact]
    public async Task A_write_that_meets_a_passing_error_is_retried_and_posts_one_link()
    {
        var order = await TriggeredAsync();
        order.Integration.Faults.FailWrites(2, 503, "REMOTE.SERVICE_UNAVAILABLE", kind: "result-link");

        await Assessments.PostResultAsync(Api, order.OrderId, Assessments.Result()).AcceptedAsync();

        var writeBack = WriteBack(await WriteBackIsAsync(order.OrderId, "DONE"));
        Assert.Single(Writes(order.Integration, "result-link"));
        Assert.Equal(JsonValueKind.Null, writeBack.GetProperty("last_error").ValueKind);
    }

    [Fact]
    public async Task A_silo_killed_during_the_write_back_never_posts_the_link_twice()
    {
        var order = await TriggeredAsync();
        JsonElement writeBack;
        using (order.Integration.Faults.HoldWrites())
        {
            await Assessments.PostResultAsync(Api, order.OrderId, Assessments.Result()).AcceptedAsync();
            // The link is on its way: its attempt is recorded before the call, and the call waits in the sandbox.
            await Poll.UntilAsync(async () => await TestDatabase.ScalarAsync<long>(
                "SELECT count(*) FROM ats_write_attempts WHERE order_id = @id AND state = 'ATTEMPTED'", ("id", order.OrderId)) == 1,
                "the link's attempt is recorded");
            var grain = fixture.Grains.GetGrain<IAssessmentGrain>(order.Integration.Id);
            var host = await fixture.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
            var victim = fixture.Cluster.Cluster.Silos.FirstOrDefault(s => s.SiloAddress.Equals(host)) ?? fixture.Cluster.Cluster.Silos[0];
            await fixture.Cluster.ReplaceSiloAsync(victim);
            // A new activation resumes the PENDING write-back and finds the link in doubt (no write to Kombo: they are held).
            await fixture.Grains.GetGrain<IAssessmentGrain>(order.Integration.Id).GetPackages();
            writeBack = WriteBack(await WriteBackIsAsync(order.OrderId, "FAILED"));
        }

        Assert.Contains("no answer was recorded", writeBack.GetProperty("last_error").GetString());
        Assert.True(Writes(order.Integration, "result-link").Count <= 1, "at most one link");
        // Becoming active again retries failed write-backs, but not one in doubt.
        await fixture.Grains.GetGrain<IAssessmentGrain>(order.Integration.Id).IntegrationActive();
        Assert.Equal("FAILED", WriteBack(await Assessments.DetailsAsync(Api, order.OrderId)).GetProperty("status").GetString());
        Assert.True(Writes(order.Integration, "result-link").Count <= 1, "at most one link");

        // An operator who checked the application asks for it again: written once more, on purpose.
        await Api.PostAsync($"/api/orders/{order.OrderId}/write-back/retry", null).AcceptedAsync();
        await WriteBackIsAsync(order.OrderId, "DONE");
    }

    [Fact]
    public async Task Cancelling_a_triggered_order_closes_it_here_and_writes_nothing_into_the_ATS()
    {
        var order = await TriggeredAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await Api.PostAsync($"/api/orders/{order.OrderId}/cancel", null)).StatusCode);
        var cancelled = await Assessments.WaitForAsync(Api, order.OrderId, o => o.Status() == "CANCELLED", "cancelled");
        Assert.Equal("DONE", WriteBack(cancelled).GetProperty("status").GetString());
        Assert.Empty(AtsWrites(order.Integration));
    }
}
