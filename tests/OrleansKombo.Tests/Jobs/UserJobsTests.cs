using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kombo.Sandbox.Data;
using OrleansKombo.Tests.Api;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Jobs;

/// <summary>Who may see which job (issue 13 §4): a user by email, and the jobs whose hiring team includes a user.</summary>
[Collection(KomboClusterCollection.Name)]
public sealed class UserJobsTests(KomboCluster fixture)
{
    private HttpClient Api => fixture.Gateway.Api;

    private static IEnumerable<JsonElement> Team(JsonElement job) =>
        job.TryGetProperty("hiring_team", out var team) && team.ValueKind == JsonValueKind.Array ? team.EnumerateArray() : [];

    [Fact]
    public async Task A_users_jobs_are_the_jobs_whose_hiring_team_includes_it_with_its_roles_and_the_user_is_found_by_email_in_any_case()
    {
        var integration = await JobsRig.SyncedAsync(fixture);
        var path = $"/api/integrations/{integration.Id}";
        var liveJobs = integration.Records(SandboxModel.Jobs).Where(r => !r.Deleted).Select(r => JobsRig.Job(integration, r.Id)).ToList();
        var user = integration.Records(SandboxModel.Users).Where(r => !r.Deleted)
            .Select(r => JsonDocument.Parse(integration.RecordJson(SandboxModel.Users, r.Id)!).RootElement)
            .Where(u => u.Text("email") is not null)
            .MaxBy(u => liveJobs.Count(j => Team(j).Any(m => m.Text("id") == u.Text("id"))));
        var userId = user.Text("id")!;
        var expected = liveJobs.Where(j => Team(j).Any(m => m.Text("id") == userId)).ToDictionary(j => j.Text("id")!);
        Assert.NotEmpty(expected);

        var found = await Api.GetAllPagesAsync($"{path}/users?email={Uri.EscapeDataString(" " + user.Text("email")!.ToUpperInvariant())}");
        Assert.Equal([userId], found.Ids());

        var jobs = await Api.GetAllPagesAsync($"{path}/users/{userId}/jobs?page_size=2");

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), jobs.Ids());
        foreach (var job in jobs)
        {
            var member = Team(expected[job.Text("id")!]).Single(m => m.Text("id") == userId);
            var roles = job.GetProperty("user_roles");
            Assert.Equal(member.GetProperty("hiring_team_roles").EnumerateArray().Select(r => r.GetString()),
                roles.GetProperty("hiring_team_roles").EnumerateArray().Select(r => r.GetString()));
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(member.GetProperty("job_roles").GetRawText()), JsonNode.Parse(roles.GetProperty("job_roles").GetRawText())),
                $"{member.GetProperty("job_roles")} vs {roles.GetProperty("job_roles")}");
            Assert.True(job.TryGetProperty("lifecycle", out _));
            Assert.True(job.GetProperty("selected").GetBoolean());
        }
        var open = await Api.GetAllPagesAsync($"{path}/users/{userId}/jobs?active=true&page_size=250");
        Assert.All(open, j => Assert.True(j.GetProperty("lifecycle").GetProperty("active").GetBoolean()));
    }

    [Fact]
    public async Task A_hiring_team_entry_counts_by_the_users_id_or_its_email_in_any_case_and_unknown_users_are_404()
    {
        var integration = await SyncedRows.CreateIntegrationAsync(fixture);
        var path = $"/api/integrations/{integration}";
        await SyncedRows.JsonRecordAsync("ats_users", integration, "ada", new() { ["email"] = "Ada.Lovelace@Example.com", ["first_name"] = "Ada" });
        await SyncedRows.JsonRecordAsync("ats_users", integration, "bob", new() { ["email"] = "bob@example.com" });
        async Task Job(string id, object[] team, DateTimeOffset? deleted = null) =>
            await SyncedRows.JsonRecordAsync("ats_jobs", integration, id, new() { ["name"] = id, ["status"] = "OPEN", ["hiring_team"] = team }, deleted);
        await Job("by-id", [new { id = "ada", email = (string?)null, hiring_team_roles = new[] { "RECRUITER" }, job_roles = Array.Empty<object>() }]);
        await Job("by-email", [new { id = "ada-elsewhere", email = " ADA.LOVELACE@example.COM", hiring_team_roles = new[] { "HIRING_MANAGER" },
            job_roles = new[] { new { remote_id = "7", remote_label = "Hiring Manager", scope = "JOB", unified_type = "HIRING_MANAGER" } } }]);
        await Job("twice", [new { id = "ada", hiring_team_roles = new[] { "RECRUITER" } },
            new { id = "x", email = "ada.lovelace@example.com", hiring_team_roles = new[] { "RECRUITER", "COORDINATOR" } }]);
        await Job("others", [new { id = "bob", email = "bob@example.com", hiring_team_roles = new[] { "RECRUITER" } }]);
        await Job("gone", [new { id = "ada", hiring_team_roles = new[] { "RECRUITER" } }], DateTimeOffset.UtcNow);

        var jobs = (await Api.GetAllPagesAsync($"{path}/users/ada/jobs?page_size=250")).ToDictionary(j => j.Text("id")!);

        Assert.Equal(["by-email", "by-id", "twice"], jobs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["HIRING_MANAGER"], jobs["by-email"].GetProperty("user_roles").GetProperty("hiring_team_roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("Hiring Manager", jobs["by-email"].GetProperty("user_roles").GetProperty("job_roles")[0].Text("remote_label"));
        Assert.Equal(["RECRUITER", "COORDINATOR"], jobs["twice"].GetProperty("user_roles").GetProperty("hiring_team_roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["by-email", "by-id", "gone", "twice"],
            (await Api.GetAllPagesAsync($"{path}/users/ada/jobs?include_deleted=true&page_size=250")).Ids());
        // A user only a hiring team names (users not synced) is found by its id.
        Assert.Equal(["by-email"], (await Api.GetAllPagesAsync($"{path}/users/ada-elsewhere/jobs?page_size=250")).Ids());
        Assert.Equal(["others"], (await Api.GetAllPagesAsync($"{path}/users/bob/jobs?page_size=250")).Ids());

        await Api.AssertErrorAsync($"{path}/users/nobody/jobs", HttpStatusCode.NotFound, "nobody");
        await Api.AssertErrorAsync("/api/integrations/greenhouse:unknown/users/ada/jobs", HttpStatusCode.NotFound, "greenhouse:unknown");
        Assert.Empty(await Api.GetAllPagesAsync($"{path}/users?email=nobody%40example.com"));
        Assert.Equal(["ada"], (await Api.GetAllPagesAsync($"{path}/users?email=ADA.LOVELACE%40EXAMPLE.COM")).Ids());
        await Api.AssertErrorAsync($"{path}/users?email={new string('a', 321)}", HttpStatusCode.BadRequest, "email");
    }

    [Fact]
    public async Task A_change_to_a_hiring_team_is_in_the_change_feed_and_the_users_jobs_follow_it()
    {
        var integration = await JobsRig.SyncedAsync(fixture);
        var path = $"/api/integrations/{integration.Id}";
        var job = integration.Records(SandboxModel.Jobs).Where(r => !r.Deleted).Select(r => JobsRig.Job(integration, r.Id))
            .First(j => Team(j).Any());
        var userId = Team(job).First().Text("id")!;
        Assert.Contains(job.Text("id"), (await Api.GetAllPagesAsync($"{path}/users/{userId}/jobs?page_size=250")).Ids());
        var before = (await Api.GetAllPagesAsync($"{path}/changes?page_size=250")).Select(c => c.GetProperty("seq").GetInt64()).DefaultIfEmpty().Max();

        integration.DeleteRecords(SandboxModel.Users, ids: [userId]);
        await JobsRig.SyncAsync(fixture, integration);

        var changes = await Api.GetAllPagesAsync($"{path}/changes?after={before}&page_size=250");
        var teamChange = changes.Single(c => c.Text("model") == "jobs" && c.Text("id") == job.Text("id"));
        Assert.Equal("UPDATED", teamChange.Text("kind"));
        Assert.Contains("hiring_team", teamChange.GetProperty("changed_fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Contains(userId, teamChange.GetProperty("before").GetProperty("hiring_team").GetRawText());
        Assert.DoesNotContain(userId, teamChange.GetProperty("after").GetProperty("hiring_team").GetRawText());
        Assert.Empty(await Api.GetAllPagesAsync($"{path}/users/{userId}/jobs?page_size=250"));
    }
}
