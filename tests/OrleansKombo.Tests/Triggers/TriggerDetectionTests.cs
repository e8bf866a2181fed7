using System.Net;
using System.Text.Json;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using OrleansKombo.Grains.Invitations;
using OrleansKombo.Grains.Triggers;
using OrleansKombo.Tests.Api;
using OrleansKombo.Tests.Infrastructure;
using OrleansKombo.Tests.Jobs;
using OrleansKombo.Tests.Orders;
using OrleansKombo.Tests.Sync;

namespace OrleansKombo.Tests.Triggers;

/// <summary>
/// Triggering (issue 12 §2) against PostgreSQL and the sandbox: a stage move or a new tag in the ATS, seen by the pull,
/// becomes one order of source TRIGGER with one invitation; the first sync's backlog and closed jobs do not.
/// </summary>
[Collection(KomboClusterCollection.Name)]
public sealed class TriggerDetectionTests(KomboCluster fixture)
{
    private HttpClient Api => fixture.Gateway.Api;

    private sealed record Pick(string ApplicationId, string JobId, string CandidateId, string TargetStageId);

    /// <summary>
    /// Enough applications that a random seed always has a live pending one to move (with JobsRig's five, about one
    /// seed in forty had none).
    /// </summary>
    private static readonly GeneratorScale Scale = JobsRig.Scale with { Candidates = 20, Applications = 40 };

    /// <summary>A known integration offering the skills test, not synced yet.</summary>
    /// <param name="ready">
    /// False: the integration is still in its setup sync, so its first pull waits for <see cref="JobsRig.SyncAsync"/>
    /// and a rule stored now is there before the first sync (a ready one may start pulling the moment it is known).
    /// </param>
    private async Task<SandboxIntegration> OfferingAsync(GeneratorScale? scale = null, bool ready = true)
    {
        var integration = fixture.Sandbox.CreateIntegration(new IntegrationSpec { Ready = ready, Scale = scale ?? Scale, Seed = Random.Shared.Next() });
        await Assessments.KnownAsync(integration.Id);
        await Assessments.PutPackagesAsync(Api, integration.Id, Assessments.PackageSet(Assessments.SkillsTest, Assessments.VideoInterview));
        return integration;
    }

    private static JsonElement Record(SandboxIntegration integration, SandboxModel model, string id) =>
        JsonDocument.Parse(integration.RecordJson(model, id)!).RootElement;

    /// <summary>
    /// A live pending application, of a job with another stage to move to, whose candidate has an email an order can be
    /// sent to (read as a triggered order reads it); its job is opened in the sandbox.
    /// </summary>
    private static Pick PickApplication(SandboxIntegration integration)
    {
        foreach (var summary in integration.Records(SandboxModel.Applications).Where(r => !r.Deleted))
        {
            var application = Record(integration, SandboxModel.Applications, summary.Id);
            if (application.GetProperty("job_id").GetString() is not { } jobId || application.GetProperty("candidate_id").GetString() is not { } candidateId
                || application.GetProperty("outcome").GetString() != "PENDING"
                || !EmailAddress.TryParse(TriggerOrders.Order(integration.Id, "o", "p", application.GetRawText(), null, null).Candidate?.Email, out _, out _)
                || integration.Records(SandboxModel.Jobs).Any(j => j.Id == jobId && j.Deleted))
            {
                continue;
            }
            var current = application.GetProperty("current_stage_id").GetString();
            var other = Record(integration, SandboxModel.Jobs, jobId).GetProperty("stages").EnumerateArray()
                .Select(s => s.GetProperty("id").GetString()!).FirstOrDefault(s => s != current);
            if (other is not null)
            {
                integration.SetJobStatus("OPEN", ids: [jobId]);
                return new Pick(summary.Id, jobId, candidateId, other);
            }
        }
        throw new InvalidOperationException("The sandbox has no application to move.");
    }

    private static Task<long> TriggerOrdersAsync(string integrationId) =>
        TestDatabase.ScalarAsync<long>("SELECT count(*) FROM trigger_orders WHERE integration_id = @id", ("id", integrationId));

    private static async Task<List<string>> TriggerOrderIdsAsync(string integrationId, string applicationId)
    {
        var ids = new List<string>();
        await using var command = TestDatabase.DataSource.CreateCommand(
            "SELECT order_id FROM trigger_orders WHERE integration_id = @id AND application_id = @application ORDER BY round");
        command.Parameters.AddWithValue("id", integrationId);
        command.Parameters.AddWithValue("application", applicationId);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    private Task PutRulesAsync(SandboxIntegration integration, params object[] rules) =>
        Api.SendJsonAsync(HttpMethod.Put, $"/api/integrations/{integration.Id}/triggers", new { rules });

    [Fact]
    public async Task A_stage_move_gives_exactly_one_order_and_one_invitation_and_repeated_deltas_and_a_reconcile_give_no_second()
    {
        var integration = await OfferingAsync();
        await JobsRig.SyncAsync(fixture, integration);
        var pick = PickApplication(integration);
        await JobsRig.SyncAsync(fixture, integration);
        await PutRulesAsync(integration, new { id = "on-stage", package_id = Assessments.SkillsTest, when = new { stage_id = pick.TargetStageId } });
        Assert.Equal(0, await TriggerOrdersAsync(integration.Id));

        integration.MoveApplications(ids: [pick.ApplicationId], stageId: pick.TargetStageId);
        await JobsRig.SyncAsync(fixture, integration);

        var orderId = Assert.Single(await TriggerOrderIdsAsync(integration.Id, pick.ApplicationId));
        var order = await Assessments.DetailsAsync(Api, orderId);
        Assert.Equal("TRIGGER", order.GetProperty("source").GetString());
        Assert.Equal(pick.ApplicationId, order.GetProperty("application").GetProperty("id").GetString());
        Assert.Equal(Assessments.SkillsTest, order.GetProperty("package_id").GetString());
        Assert.Equal(1, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM invitation_outbox WHERE order_id = @id", ("id", orderId)));
        await Poll.UntilAsync(async () => (await Assessments.DetailsAsync(Api, orderId)).GetProperty("status").GetString() == "INVITED",
            "the candidate is invited");
        // Its result goes into the application (TriggerWriteBackTests); here it stays open, for the job's close below.

        integration.UpdateRecords(SandboxModel.Applications, ids: [pick.ApplicationId]);
        await JobsRig.SyncAsync(fixture, integration);
        var since = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.Accepted, (await Api.PostAsync($"/api/integrations/{integration.Id}/reconcile", null)).StatusCode);
        await SyncedData.PullSucceededAsync(fixture.Grains, integration.Id, since);
        Assert.Equal(1, await TriggerOrdersAsync(integration.Id));

        // An operator orders again on purpose: a second order, for the same application and package.
        await Api.SendJsonAsync(HttpMethod.Post, $"/api/integrations/{integration.Id}/applications/{pick.ApplicationId}/trigger",
            new { package_id = Assessments.SkillsTest }, HttpStatusCode.Accepted);
        var both = await TriggerOrderIdsAsync(integration.Id, pick.ApplicationId);
        Assert.Equal(2, both.Count);
        Assert.Equal(orderId, both[0]);
        await Api.SendJsonAsync(HttpMethod.Post, $"/api/integrations/{integration.Id}/applications/no-such-application/trigger",
            new { package_id = Assessments.SkillsTest }, HttpStatusCode.NotFound);

        // The job closes: its open triggered orders are flagged for the operator.
        integration.SetJobStatus("CLOSED", ids: [pick.JobId]);
        await JobsRig.SyncAsync(fixture, integration);
        await Poll.UntilAsync(async () => (await Api.GetAllPagesAsync($"/api/integrations/{integration.Id}/orders?flagged=true&page_size=50")).Count == 2,
            "both open triggered orders are flagged");
        Assert.Contains("CLOSED", (await Assessments.DetailsAsync(Api, orderId)).GetProperty("operator_flag").GetString());
    }

    [Fact]
    public async Task A_rule_for_the_selected_jobs_triggers_only_once_the_job_is_selected()
    {
        var integration = await OfferingAsync();
        await JobsRig.SyncAsync(fixture, integration);
        var pick = PickApplication(integration);
        var home = Record(integration, SandboxModel.Applications, pick.ApplicationId).GetProperty("current_stage_id").GetString()!;
        await JobsRig.SyncAsync(fixture, integration);
        var otherJob = integration.Records(SandboxModel.Jobs).First(j => !j.Deleted && j.Id != pick.JobId).Id;
        await Api.SendJsonAsync(HttpMethod.Put, $"/api/integrations/{integration.Id}/job-selection", new { mode = "SELECTED", job_ids = new[] { otherJob } });
        await PutRulesAsync(integration, new { id = "selected", package_id = Assessments.SkillsTest, when = new { stage_id = pick.TargetStageId }, jobs = "SELECTED" });

        integration.MoveApplications(ids: [pick.ApplicationId], stageId: pick.TargetStageId);
        await JobsRig.SyncAsync(fixture, integration);
        Assert.Equal(0, await TriggerOrdersAsync(integration.Id));

        await Api.SendJsonAsync(HttpMethod.Put, $"/api/integrations/{integration.Id}/jobs/{pick.JobId}/selection");
        integration.MoveApplications(ids: [pick.ApplicationId], stageId: home);
        await JobsRig.SyncAsync(fixture, integration);
        integration.MoveApplications(ids: [pick.ApplicationId], stageId: pick.TargetStageId);
        await JobsRig.SyncAsync(fixture, integration);
        Assert.Single(await TriggerOrderIdsAsync(integration.Id, pick.ApplicationId));
    }

    [Fact]
    public async Task The_first_syncs_backlog_does_not_trigger_and_include_existing_does()
    {
        var integration = await OfferingAsync();
        var pick = PickApplication(integration);
        var stage = Record(integration, SandboxModel.Applications, pick.ApplicationId).GetProperty("current_stage_id").GetString()!;
        await PutRulesAsync(integration, new { id = "backlog", package_id = Assessments.SkillsTest, when = new { stage_id = stage } });
        await JobsRig.SyncAsync(fixture, integration);
        Assert.Equal(0, await TriggerOrdersAsync(integration.Id));

        // A rule created later with include_existing orders for the applications already in its stage.
        await PutRulesAsync(integration,
            new { id = "backlog", package_id = Assessments.SkillsTest, when = new { stage_id = stage } },
            new { id = "existing", package_id = Assessments.SkillsTest, when = new { stage_id = stage }, include_existing = true });
        var inStage = integration.Records(SandboxModel.Applications).Where(r => !r.Deleted)
            .Count(r => Record(integration, SandboxModel.Applications, r.Id).GetProperty("current_stage_id").GetString() == stage);
        Assert.Equal(inStage, await TriggerOrdersAsync(integration.Id));
        Assert.Single(await TriggerOrderIdsAsync(integration.Id, pick.ApplicationId));

        // The first sync of an integration whose rule includes existing applications triggers them too.
        var other = await OfferingAsync(ready: false);
        var otherPick = PickApplication(other);
        var otherStage = Record(other, SandboxModel.Applications, otherPick.ApplicationId).GetProperty("current_stage_id").GetString()!;
        await PutRulesAsync(other, new { id = "existing", package_id = Assessments.SkillsTest, when = new { stage_id = otherStage }, include_existing = true });
        await JobsRig.SyncAsync(fixture, other);
        Assert.Single(await TriggerOrderIdsAsync(other.Id, otherPick.ApplicationId));
    }

    [Fact]
    public async Task A_tag_rule_triggers_for_the_candidates_applications_and_a_closed_job_triggers_nothing()
    {
        var integration = await OfferingAsync(Scale with { Tags = 12 });
        await JobsRig.SyncAsync(fixture, integration);
        var pick = PickApplication(integration);
        var candidate = Record(integration, SandboxModel.Candidates, pick.CandidateId);
        var tagNames = candidate.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToHashSet();
        var tag = integration.Records(SandboxModel.Tags).Where(t => !t.Deleted)
            .Select(t => (t.Id, Name: Record(integration, SandboxModel.Tags, t.Id).GetProperty("name").GetString()!))
            .First(t => !tagNames.Contains(t.Name));
        await JobsRig.SyncAsync(fixture, integration);
        await PutRulesAsync(integration, new { id = "on-tag", package_id = Assessments.SkillsTest, when = new { tag_name = tag.Name.ToUpperInvariant() } });

        integration.TagCandidates(candidateIds: [pick.CandidateId], tagId: tag.Id);
        await JobsRig.SyncAsync(fixture, integration);
        Assert.Single(await TriggerOrderIdsAsync(integration.Id, pick.ApplicationId));

        // The job closes: moving its application into a trigger stage starts nothing.
        // (Another package: the application has its one order of the skills test already.)
        await PutRulesAsync(integration, new { id = "on-stage", package_id = Assessments.VideoInterview, when = new { stage_id = pick.TargetStageId } });
        var before = await TriggerOrdersAsync(integration.Id);
        integration.SetJobStatus("CLOSED", ids: [pick.JobId]);
        await JobsRig.SyncAsync(fixture, integration);
        integration.MoveApplications(ids: [pick.ApplicationId], stageId: pick.TargetStageId);
        await JobsRig.SyncAsync(fixture, integration);
        Assert.Equal(before, await TriggerOrdersAsync(integration.Id));
    }
}
