using System.Net;
using System.Text.Json;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Multiposter;
using OrleansKombo.Tests.Api;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Jobs;

/// <summary>Matching the vendor's jobs (or a multiposter's) to the ATS's (issue 13 §3).</summary>
[Collection(KomboClusterCollection.Name)]
public sealed class JobLinkTests(KomboCluster fixture)
{
    private HttpClient Api => fixture.Gateway.Api;

    /// <summary>
    /// senior/junior/office: open; closed-backend: closed (never a title candidate); gone: deleted with code X-1; two jobs
    /// sharing code DUP-1.
    /// </summary>
    private Task<string> SeedAsync() => SyncedRows.IntegrationWithJobsAsync(fixture,
        new("senior", "Senior Backend Engineer (m/w/d)", "ENG-1", "https://careers.example.com/en/jobs/11-senior-backend-engineer/"),
        new("junior", "Junior Backend Engineer", "ENG-2", "https://careers.example.com/en/jobs/12-junior-backend-engineer/"),
        new("office", "Office Manager (all genders)", "OPS-1"),
        new("closed-backend", "Backend Engineer", "ENG-0", Status: "CLOSED"),
        new("gone", "Data Analyst", "X-1", Deleted: DateTimeOffset.UtcNow),
        new("dup-a", "Recruiter", "DUP-1"),
        new("dup-b", "Recruiter – Berlin", "DUP-1"));

    private async Task<List<JsonElement>> LinkAsync(string integration, params object[] jobs) =>
        (await Api.SendJsonAsync(HttpMethod.Post, $"/api/integrations/{integration}/job-links", new { jobs }))
            .GetProperty("results").EnumerateArray().ToList();

    [Fact]
    public async Task Each_exact_key_links_in_order_remote_id_then_job_code_then_post_url()
    {
        var integration = await SeedAsync();

        var results = await LinkAsync(integration,
            new { vendor_job_id = "by-remote-id", title = "Anything", remote_id = "r-office" },
            new { vendor_job_id = "by-code", title = "Anything", job_code = " eng-2 " },
            new { vendor_job_id = "by-url", title = "Anything", post_url = "https://careers.example.com/en/jobs/11-senior-backend-engineer/" },
            new { vendor_job_id = "all-three", title = "Anything", remote_id = "r-junior", job_code = "OPS-1",
                post_url = "https://careers.example.com/en/jobs/11-senior-backend-engineer/" },
            new { vendor_job_id = "code-and-url", title = "Anything", remote_id = "r-unknown", job_code = "OPS-1",
                post_url = "https://careers.example.com/en/jobs/11-senior-backend-engineer/" },
            new { vendor_job_id = "deleted", title = "Anything", job_code = "X-1" });

        Assert.Equal(["by-remote-id", "by-code", "by-url", "all-three", "code-and-url", "deleted"], results.Ids("vendor_job_id"));
        Assert.All(results, r => Assert.Equal("LINKED", r.Text("status")));
        Assert.Equal(["office", "junior", "senior", "junior", "office", "gone"], results.Ids("job_id"));
        Assert.Equal(["remote_id", "job_code", "post_url", "remote_id", "job_code", "job_code"], results.Ids("matched_on"));
        Assert.All(results, r => Assert.Empty(r.GetProperty("candidates").EnumerateArray()));
        Assert.Equal("Office Manager (all genders)", results[0].GetProperty("job").Text("name"));
        Assert.False(results[0].GetProperty("flagged").GetBoolean());
        // A key only a deleted job has still names that job; the link shows it is gone.
        Assert.True(results[5].GetProperty("flagged").GetBoolean());
        Assert.Equal("DELETED", results[5].GetProperty("job").GetProperty("lifecycle").Text("state"));
    }

    [Theory]
    [InlineData("http://careers.example.com/en/jobs/11-senior-backend-engineer")]
    [InlineData("https://CAREERS.Example.COM/en/jobs/11-senior-backend-engineer/?utm_source=stepstone&utm_medium=cpc")]
    [InlineData("careers.example.com/en/jobs/11-senior-backend-engineer#apply")]
    [InlineData("https://www.careers.example.com:443/en/jobs/11-senior-backend-engineer//?gclid=abc&fbclid=def&ref=board")]
    public async Task A_post_url_matches_after_normalising_scheme_host_case_trailing_slash_and_tracking_parameters(string url)
    {
        var integration = await SeedAsync();

        var link = (await LinkAsync(integration, new { vendor_job_id = "v", title = "Backend", post_url = url })).Single();

        Assert.Equal(("LINKED", "senior", "post_url"), (link.Text("status"), link.Text("job_id"), link.Text("matched_on")));
        Assert.Equal(url.Trim(), link.Text("post_url"));
    }

    [Fact]
    public async Task A_title_alone_needs_confirmation_among_open_jobs_and_confirming_links_it_for_good()
    {
        var integration = await SeedAsync();
        var path = $"/api/integrations/{integration}/job-links";

        var fuzzy = (await LinkAsync(integration, new { vendor_job_id = "v-1", title = "Sr. Backend-Engineer (m/f/d)" })).Single();

        Assert.Equal("NEEDS_CONFIRMATION", fuzzy.Text("status"));
        Assert.Equal(JsonValueKind.Null, fuzzy.GetProperty("job_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, fuzzy.GetProperty("matched_on").ValueKind);
        var candidates = fuzzy.GetProperty("candidates").EnumerateArray().ToList();
        Assert.Equal(["senior", "junior"], candidates.Ids("job_id"));
        Assert.Equal(1.0, candidates[0].GetProperty("score").GetDouble());
        Assert.True(candidates[1].GetProperty("score").GetDouble() < 1.0);
        Assert.Equal("Senior Backend Engineer (m/w/d)", candidates[0].Text("name"));
        Assert.Equal(["v-1"], (await Api.GetAllPagesAsync($"{path}?status=NEEDS_CONFIRMATION")).Ids("vendor_job_id"));

        var confirmed = await Api.SendJsonAsync(HttpMethod.Post, $"{path}/v-1/confirm", new { job_id = "senior" });

        Assert.Equal(("LINKED", "senior"), (confirmed.Text("status"), confirmed.Text("job_id")));
        Assert.Equal(JsonValueKind.Null, confirmed.GetProperty("matched_on").ValueKind);
        Assert.NotNull(confirmed.Text("confirmed_at"));
        // Posted again, even with a key of another job, a human's link stays; only the vendor's fields change.
        var again = (await LinkAsync(integration, new { vendor_job_id = "v-1", title = "Senior Backend Engineer", job_code = "ENG-2" })).Single();
        Assert.Equal(("LINKED", "senior", "ENG-2"), (again.Text("status"), again.Text("job_id"), again.Text("job_code")));
        Assert.Equal(confirmed.Text("confirmed_at"), again.Text("confirmed_at"));
        Assert.Equal(["v-1"], (await Api.GetAllPagesAsync($"{path}?status=LINKED")).Ids("vendor_job_id"));
        Assert.Empty(await Api.GetAllPagesAsync($"{path}?status=NEEDS_CONFIRMATION"));
    }

    [Fact]
    public async Task A_key_two_live_jobs_share_and_an_unknown_title_link_nothing()
    {
        var integration = await SeedAsync();

        var results = await LinkAsync(integration,
            new { vendor_job_id = "shared-code", title = "Recruiter", job_code = "dup-1" },
            new { vendor_job_id = "unknown", title = "Pilot A320", remote_id = "r-nothing" },
            new { vendor_job_id = "closed-only", title = "Backend Engineer" });

        Assert.Equal(("NEEDS_CONFIRMATION", JsonValueKind.Null), (results[0].Text("status"), results[0].GetProperty("job_id").ValueKind));
        Assert.Equal(["dup-a", "dup-b"], results[0].GetProperty("candidates").EnumerateArray().Ids("job_id"));
        Assert.Contains("2 jobs have this job_code", results[0].Text("note"));
        Assert.Equal(("NO_MATCH", 0), (results[1].Text("status"), results[1].GetProperty("candidates").GetArrayLength()));
        Assert.Contains("No job has this remote_id", results[1].Text("note"));
        // Only open jobs are offered: the closed "Backend Engineer" is not, the open near-duplicates are.
        Assert.DoesNotContain("closed-backend", results[2].GetProperty("candidates").EnumerateArray().Ids("job_id"));
        Assert.Equal("NEEDS_CONFIRMATION", results[2].Text("status"));
    }

    [Fact]
    public async Task Posting_the_same_jobs_again_changes_nothing_and_an_automatic_link_follows_the_vendors_data()
    {
        var integration = await SeedAsync();
        object[] jobs =
        [
            new { vendor_job_id = "a", title = "Office", job_code = "OPS-1" },
            new { vendor_job_id = "b", title = "Senior Backend Engineer" },
        ];
        var first = await LinkAsync(integration, jobs);
        var second = await LinkAsync(integration, jobs);

        Assert.Equal(first.Select(r => r.GetRawText()), second.Select(r => r.GetRawText()));

        var moved = (await LinkAsync(integration, new { vendor_job_id = "a", title = "Office", job_code = "ENG-2" })).Single();
        Assert.Equal(("LINKED", "junior", "job_code"), (moved.Text("status"), moved.Text("job_id"), moved.Text("matched_on")));
    }

    [Fact]
    public async Task Confirm_unlink_and_bad_calls_answer_as_the_contract_says()
    {
        var integration = await SeedAsync();
        var path = $"/api/integrations/{integration}/job-links";
        await LinkAsync(integration, new { vendor_job_id = "v", title = "Office Manager" });

        await Api.SendJsonAsync(HttpMethod.Post, $"{path}/v/confirm", new { job_id = "nope" }, HttpStatusCode.BadRequest);
        await Api.SendJsonAsync(HttpMethod.Post, $"{path}/v/confirm", new { job_id = "gone" }, HttpStatusCode.Conflict);
        await Api.SendJsonAsync(HttpMethod.Post, $"{path}/v/confirm", new { }, HttpStatusCode.BadRequest);
        await Api.SendJsonAsync(HttpMethod.Post, $"{path}/other/confirm", new { job_id = "office" }, HttpStatusCode.NotFound);
        await Api.SendJsonAsync(HttpMethod.Delete, $"{path}/v", expected: HttpStatusCode.NoContent);
        await Api.SendJsonAsync(HttpMethod.Delete, $"{path}/v", expected: HttpStatusCode.NotFound);
        await Api.SendJsonAsync(HttpMethod.Get, $"{path}/v", expected: HttpStatusCode.NotFound);

        var tooMany = Enumerable.Range(0, 1_001).Select(i => new { vendor_job_id = $"v-{i}", title = "Job" }).ToArray();
        var refused = await Api.SendJsonAsync(HttpMethod.Post, path, new { jobs = tooMany }, HttpStatusCode.BadRequest);
        Assert.Contains("at most 1000", refused.GetProperty("error").Text("message"));
        var bad = await Api.SendJsonAsync(HttpMethod.Post, path, new { jobs = new object[] { new { title = "x" }, new { vendor_job_id = "y", title = 3 } } },
            HttpStatusCode.BadRequest);
        Assert.Contains("jobs[0].vendor_job_id is required", bad.GetProperty("error").Text("message"));
        Assert.Contains("jobs[1].title must be a string", bad.GetProperty("error").Text("message"));
        await Api.SendJsonAsync(HttpMethod.Post, "/api/integrations/greenhouse:unknown/job-links",
            new { jobs = new[] { new { vendor_job_id = "v", title = "t" } } }, HttpStatusCode.NotFound);
        await Api.AssertErrorAsync($"{path}?status=DONE", HttpStatusCode.BadRequest, "status");
        Assert.Empty(await Api.GetAllPagesAsync($"{path}?page_size=10"));
    }

    [Fact]
    public async Task A_linked_job_closed_or_deleted_in_the_ats_shows_on_its_link()
    {
        var integration = await JobsRig.SyncedAsync(fixture);
        var path = $"/api/integrations/{integration.Id}/job-links";
        var (closing, deleting) = integration.Records(SandboxModel.Jobs).Where(r => !r.Deleted && r.RemoteId is not null).Take(2)
            .Select(r => r.Id).ToList() switch { var ids => (ids[0], ids[1]) };
        integration.SetJobStatus("OPEN", ids: [closing, deleting]);
        await JobsRig.SyncAsync(fixture, integration);
        await Api.SendJsonAsync(HttpMethod.Post, path, new
        {
            jobs = new[]
            {
                new { vendor_job_id = "closing", title = "Job", remote_id = JobsRig.Job(integration, closing).Text("remote_id") },
                new { vendor_job_id = "deleting", title = "Job", remote_id = JobsRig.Job(integration, deleting).Text("remote_id") },
            },
        });
        Assert.Empty(await Api.GetAllPagesAsync($"{path}?flagged=true"));

        integration.SetJobStatus("CLOSED", ids: [closing]);
        integration.DeleteRecords(SandboxModel.Jobs, ids: [deleting]);
        await JobsRig.SyncAsync(fixture, integration);

        var flagged = (await Api.GetAllPagesAsync($"{path}?flagged=true&status=LINKED")).ToDictionary(l => l.Text("vendor_job_id")!);
        Assert.Equal(["closing", "deleting"], flagged.Keys.Order());
        Assert.Equal(("CLOSED", false), (flagged["closing"].GetProperty("job").GetProperty("lifecycle").Text("state"),
            flagged["closing"].GetProperty("job").GetProperty("lifecycle").GetProperty("active").GetBoolean()));
        var deleted = flagged["deleting"].GetProperty("job").GetProperty("lifecycle");
        Assert.Equal("DELETED", deleted.Text("state"));
        Assert.NotNull(deleted.Text("deleted_at"));
        Assert.Equal((deleting, "LINKED"), (flagged["deleting"].Text("job_id"), flagged["deleting"].Text("status")));
    }

    /// <summary>
    /// The sandbox's near-duplicate titles, reworded vendor titles, mangled codes and URLs and jobs the ATS does not have,
    /// matched in calls of up to a thousand: not one is linked to the wrong job without a human.
    /// </summary>
    [Fact]
    public async Task No_vendor_job_is_linked_to_a_wrong_job_without_confirmation_on_the_sandboxs_near_duplicates()
    {
        var integration = await JobsRig.SyncedAsync(fixture, new GeneratorScale { Jobs = 300, Candidates = 1, Applications = 1, Users = 10, Tags = 1 }, seed: 1313);
        var samples = VendorJobs.For(integration, seed: 1313);
        var results = new Dictionary<string, JsonElement>();
        foreach (var chunk in samples.Chunk(1_000))
        {
            foreach (var link in (await Api.SendJsonAsync(HttpMethod.Post, $"/api/integrations/{integration.Id}/job-links", new
                     {
                         jobs = chunk.Select(s => new { vendor_job_id = s.VendorJobId, title = s.Title, job_code = s.JobCode, post_url = s.PostUrl, remote_id = s.RemoteId }),
                     })).GetProperty("results").EnumerateArray())
            {
                results[link.Text("vendor_job_id")!] = link;
            }
        }

        var wrong = samples.Where(s => results[s.VendorJobId].Text("status") == "LINKED" && results[s.VendorJobId].Text("job_id") != s.TrueJobId).ToList();
        Assert.True(wrong.Count == 0, $"linked wrongly: {string.Join("; ", wrong.Take(5))}");
        Assert.All(samples.Where(s => s.Kind is VendorJobKind.Title or VendorJobKind.Unknown),
            s => Assert.NotEqual("LINKED", results[s.VendorJobId].Text("status")));
        // Every job sent with a key of its own ATS job is linked, or offered when another live job shares the key.
        Assert.All(samples.Where(s => s.Kind is VendorJobKind.RemoteId or VendorJobKind.JobCode or VendorJobKind.PostUrl), s =>
            Assert.True(results[s.VendorJobId].Text("status") == "LINKED"
                || results[s.VendorJobId].GetProperty("candidates").EnumerateArray().Ids("job_id").Contains(s.TrueJobId!), s.ToString()));
        Assert.Contains(samples, s => s.Kind == VendorJobKind.Title);
        Assert.Contains(samples, s => s.Kind == VendorJobKind.Unknown);
    }
}
