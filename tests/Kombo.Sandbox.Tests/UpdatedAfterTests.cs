using System.Text.Json;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using Kombo.Sandbox.Json;
using Kombo.Sandbox.Tests.Infrastructure;

namespace Kombo.Sandbox.Tests;

/// <summary><c>updated_after</c> with Kombo's nested-change semantics, and <c>changed_at</c> kept to own fields.</summary>
public sealed class UpdatedAfterTests : IntegrationTest
{

    private string Mark() => KomboDateTimeConverter.Text(Integration.Now());

    private async Task<List<JsonElement>> Since(string model, string mark, bool includeDeleted = false) =>
        await SandboxHarness.ReadAll(Client, "ats/" + model, $"updated_after={mark}" + (includeDeleted ? "&include_deleted=true" : ""));

    private JsonElement Record(SandboxModel model, string id) => JsonSerializer.Deserialize<JsonElement>(Integration.RecordJson(model, id)!);

    [Fact]
    public async Task Nothing_generated_matches_an_updated_after_taken_now()
    {
        var mark = Mark();
        foreach (var model in SandboxModels.All)
        {
            Assert.Empty(await Since(model.PathName(), mark, includeDeleted: true));
        }
    }

    [Fact]
    public async Task An_own_change_moves_changed_at_and_matches_updated_after()
    {
        var mark = Mark();
        var changed = Integration.UpdateRecords(SandboxModel.Users, 2);
        var read = await Since("users", mark);
        Assert.Equal(changed.Order(), SandboxHarness.Ids(read).Order());
        Assert.All(read, r => Assert.True(string.CompareOrdinal(r.GetProperty("changed_at").GetString(), mark) >= 0));
    }

    [Fact]
    public async Task A_stage_added_to_a_job_makes_the_job_match_but_keeps_its_changed_at()
    {
        var jobId = Integration.Records(SandboxModel.Jobs).First(j => !j.Deleted).Id;
        var changedAt = Record(SandboxModel.Jobs, jobId).GetProperty("changed_at").GetString();
        var mark = Mark();
        var stageId = Integration.ChangeJobStages(jobId, StageAction.Add);
        var job = Assert.Single(await Since("jobs", mark));
        Assert.Equal(jobId, job.GetProperty("id").GetString());
        Assert.Equal(changedAt, job.GetProperty("changed_at").GetString());
        Assert.Contains(job.GetProperty("stages").EnumerateArray(), s => s.GetProperty("id").GetString() == stageId);
        Assert.Equal([stageId], SandboxHarness.Ids(await Since("application-stages", mark)));
    }

    [Theory]
    [InlineData(StageAction.Remove)]
    [InlineData(StageAction.Rename)]
    public async Task A_removed_or_renamed_stage_makes_its_job_match(StageAction action)
    {
        var jobId = Integration.Records(SandboxModel.Jobs).First(j => !j.Deleted).Id;
        var mark = Mark();
        var stageId = Integration.ChangeJobStages(jobId, action);
        Assert.Contains(jobId, SandboxHarness.Ids(await Since("jobs", mark)));
        var stage = Assert.Single(await Since("application-stages", mark, includeDeleted: true));
        Assert.Equal(stageId, stage.GetProperty("id").GetString());
        Assert.Equal(action == StageAction.Remove, stage.GetProperty("remote_deleted_at").ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public async Task Moving_an_application_makes_it_and_its_candidate_match_but_not_its_job()
    {
        var mark = Mark();
        var moved = Assert.Single(Integration.MoveApplications(1));
        var application = Assert.Single(await Since("applications", mark));
        Assert.Equal(moved, application.GetProperty("id").GetString());
        Assert.Equal(application.GetProperty("current_stage_id").GetString(), application.GetProperty("current_stage").GetProperty("id").GetString());
        var candidate = Assert.Single(await Since("candidates", mark));
        Assert.Equal(application.GetProperty("candidate_id").GetString(), candidate.GetProperty("id").GetString());
        Assert.True(string.CompareOrdinal(candidate.GetProperty("changed_at").GetString(), mark) < 0, "the candidate's own fields did not change");
        Assert.Empty(await Since("jobs", mark));
    }

    [Fact]
    public void Moving_an_application_to_a_chosen_stage_of_its_job_sets_that_stage_and_refuses_another_jobs_stage()
    {
        var application = JsonSerializer.Deserialize<JsonElement>(Integration.RecordJson(SandboxModel.Applications,
            Integration.Records(SandboxModel.Applications).First(a => !a.Deleted).Id)!);
        var job = Record(SandboxModel.Jobs, application.GetProperty("job_id").GetString()!);
        var stage = job.GetProperty("stages").EnumerateArray().Last().GetProperty("id").GetString()!;
        var id = application.GetProperty("id").GetString()!;
        Integration.MoveApplications(ids: [id], stageId: stage);
        Assert.Equal(stage, Record(SandboxModel.Applications, id).GetProperty("current_stage_id").GetString());
        var otherJob = Integration.Records(SandboxModel.Jobs).Select(j => Record(SandboxModel.Jobs, j.Id)).First(j => j.GetProperty("id").GetString() != job.GetProperty("id").GetString());
        var foreign = otherJob.GetProperty("stages")[0].GetProperty("id").GetString()!;
        var refused = Assert.Throws<Kombo.Sandbox.Control.ControlException>(() => Integration.MoveApplications(ids: [id], stageId: foreign));
        Assert.Equal(400, refused.Status);
        Assert.Equal(stage, Record(SandboxModel.Applications, id).GetProperty("current_stage_id").GetString());
    }

    [Fact]
    public async Task Changing_a_candidate_makes_its_applications_match_with_the_new_embedded_candidate()
    {
        var candidateId = Integration.Records(SandboxModel.Candidates).First(c => !c.Deleted).Id;
        var mark = Mark();
        Integration.UpdateRecords(SandboxModel.Candidates, ids: [candidateId]);
        var applications = await Since("applications", mark);
        Assert.NotEmpty(applications);
        Assert.All(applications, a =>
        {
            Assert.Equal(candidateId, a.GetProperty("candidate_id").GetString());
            Assert.True(string.CompareOrdinal(a.GetProperty("changed_at").GetString(), mark) < 0, "the application's own fields did not change");
        });
        var title = Record(SandboxModel.Candidates, candidateId).GetProperty("phone_numbers")[0].GetProperty("phone_number").GetString();
        Assert.Equal(title, applications[0].GetProperty("candidate").GetProperty("phone_numbers")[0].GetProperty("phone_number").GetString());
    }

    [Fact]
    public async Task Tagging_a_candidate_makes_it_match_but_not_its_applications()
    {
        var mark = Mark();
        var tagged = Assert.Single(Integration.TagCandidates(1));
        Assert.Equal([tagged], SandboxHarness.Ids(await Since("candidates", mark)));
        Assert.Empty(await Since("applications", mark));
    }

    [Fact]
    public async Task A_changed_job_does_not_make_its_applications_match_though_their_embedded_name_changes()
    {
        var application = Integration.Records(SandboxModel.Applications).First(a => !a.Deleted);
        var jobId = Record(SandboxModel.Applications, application.Id).GetProperty("job_id").GetString()!;
        var mark = Mark();
        Integration.UpdateRecords(SandboxModel.Jobs, ids: [jobId]);
        Assert.Empty(await Since("applications", mark));
        var name = Record(SandboxModel.Jobs, jobId).GetProperty("name").GetString();
        var (_, page) = await SandboxHarness.GetJson(Client, $"ats/applications?ids={application.Id}");
        Assert.Equal(name, page.GetProperty("data").GetProperty("results")[0].GetProperty("job").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Deleted_records_appear_to_updated_after_with_include_deleted_and_remote_deleted_at()
    {
        var mark = Mark();
        var deleted = Integration.DeleteRecords(SandboxModel.Applications, 2);
        Assert.Empty(await Since("applications", mark));
        var read = await Since("applications", mark, includeDeleted: true);
        Assert.Equal(deleted.Order(), SandboxHarness.Ids(read).Order());
        Assert.All(read, r => Assert.Equal(JsonValueKind.String, r.GetProperty("remote_deleted_at").ValueKind));
    }

    [Fact]
    public async Task Anonymising_blanks_personal_fields_of_candidates_deleted_longer_ago_than_the_period()
    {
        var deleted = Integration.DeleteRecords(SandboxModel.Candidates, 2);
        Assert.Empty(Integration.Anonymise(TimeSpan.FromDays(14)));
        var mark = Mark();
        var anonymised = Integration.Anonymise(TimeSpan.Zero);
        Assert.Equal(deleted.Order(), anonymised.Order());
        var read = await Since("candidates", mark, includeDeleted: true);
        Assert.Equal(deleted.Order(), SandboxHarness.Ids(read).Order());
        Assert.All(read, c =>
        {
            Assert.Equal(JsonValueKind.Null, c.GetProperty("first_name").ValueKind);
            Assert.Equal(JsonValueKind.Null, c.GetProperty("last_name").ValueKind);
            Assert.Equal(0, c.GetProperty("email_addresses").GetArrayLength());
            Assert.Equal(0, c.GetProperty("phone_numbers").GetArrayLength());
        });
    }

    [Fact]
    public async Task Closing_reopening_and_archiving_jobs_changes_status_and_closed_at()
    {
        var open = Integration.Records(SandboxModel.Jobs).Select(j => Record(SandboxModel.Jobs, j.Id)).First(j => j.GetProperty("status").GetString() == "OPEN");
        var id = open.GetProperty("id").GetString()!;
        var mark = Mark();
        Integration.SetJobStatus("CLOSED", ids: [id]);
        var closed = Assert.Single(await Since("jobs", mark));
        Assert.Equal("CLOSED", closed.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, closed.GetProperty("closed_at").ValueKind);
        Integration.SetJobStatus("OPEN", ids: [id]);
        Assert.Equal(JsonValueKind.Null, Record(SandboxModel.Jobs, id).GetProperty("closed_at").ValueKind);
        Integration.SetJobStatus("ARCHIVED", ids: [id]);
        Assert.Equal("ARCHIVED", Record(SandboxModel.Jobs, id).GetProperty("status").GetString());
    }
}
