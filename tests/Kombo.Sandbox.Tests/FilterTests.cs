using System.Net;
using System.Text.Json;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using Kombo.Sandbox.Tests.Infrastructure;

namespace Kombo.Sandbox.Tests;

/// <summary>Each filter of README §2, checked against a full read filtered in the test.</summary>
public sealed class FilterTests : IntegrationTest
{
    protected override SandboxIntegration CreateIntegration()
    {
        var created = Harness.Ready(new GeneratorScale { Jobs = 60, Candidates = 200, Applications = 400, Users = 30, Tags = 12 });
        foreach (var model in SandboxModels.All)
        {
            created.DeleteRecords(model, 3);
        }
        return created;
    }

    private Task<List<JsonElement>> All(string model) => SandboxHarness.ReadAll(Client, "ats/" + model, "include_deleted=true");

    private async Task AssertFilter(string model, string query, Func<JsonElement, bool> expected, bool expectSome = true)
    {
        var all = await All(model);
        var wanted = SandboxHarness.Ids(all.Where(r => r.GetProperty("remote_deleted_at").ValueKind == JsonValueKind.Null && expected(r)));
        var read = SandboxHarness.Ids(await SandboxHarness.ReadAll(Client, "ats/" + model, query));
        Assert.Equal(wanted, read);
        if (expectSome)
        {
            Assert.NotEmpty(read);
        }
        Assert.True(read.Count < all.Count, $"{query} should leave some {model} out");
    }

    private static string? Str(JsonElement e, string name) => e.GetProperty(name).GetString();

    [Fact]
    public async Task Deleted_records_are_hidden_by_default_and_shown_with_include_deleted_true()
    {
        foreach (var model in SandboxModels.All.Select(m => m.PathName()))
        {
            var hidden = await SandboxHarness.ReadAll(Client, "ats/" + model);
            var shown = await All(model);
            Assert.DoesNotContain(hidden, r => r.GetProperty("remote_deleted_at").ValueKind != JsonValueKind.Null);
            Assert.True(shown.Count(r => r.GetProperty("remote_deleted_at").ValueKind != JsonValueKind.Null) >= 3, model);
            Assert.Equal(shown.Count - hidden.Count, shown.Count(r => r.GetProperty("remote_deleted_at").ValueKind != JsonValueKind.Null));
        }
    }

    [Fact]
    public async Task Ids_filter_returns_exactly_the_named_records()
    {
        var picked = SandboxHarness.Ids(await All("candidates")).Where((_, i) => i % 17 == 0).ToHashSet();
        await AssertFilter("candidates", "ids=" + string.Join(",", picked), r => picked.Contains(Str(r, "id")!));
    }

    [Fact]
    public async Task Remote_ids_filter_returns_records_with_those_remote_ids()
    {
        var picked = (await All("jobs")).Select(r => Str(r, "remote_id")!).Where((_, i) => i % 7 == 0).ToHashSet();
        await AssertFilter("jobs", "remote_ids=" + string.Join(",", picked), r => picked.Contains(Str(r, "remote_id")!));
    }

    [Theory]
    [InlineData("statuses=OPEN", "OPEN")]
    [InlineData("statuses=CLOSED,ARCHIVED", "CLOSED,ARCHIVED")]
    [InlineData("status=DRAFT", "DRAFT")]
    public async Task Job_status_filters_match_the_unified_status(string query, string statuses)
    {
        var set = statuses.Split(',');
        await AssertFilter("jobs", query, r => set.Contains(Str(r, "status")), expectSome: false);
    }

    [Fact]
    public async Task Job_employment_types_and_visibilities_filters_match()
    {
        await AssertFilter("jobs", "employment_types=FULL_TIME,PART_TIME", r => Str(r, "employment_type") is "FULL_TIME" or "PART_TIME");
        await AssertFilter("jobs", "visibilities=PUBLIC", r => Str(r, "visibility") is "PUBLIC");
    }

    [Fact]
    public async Task Job_codes_post_url_and_name_contains_filters_match()
    {
        var jobs = await All("jobs");
        var withCode = jobs.First(r => Str(r, "job_code") is not null && r.GetProperty("remote_deleted_at").ValueKind == JsonValueKind.Null);
        await AssertFilter("jobs", "job_codes=" + Str(withCode, "job_code"), r => Str(r, "job_code") == Str(withCode, "job_code"));
        var withUrl = jobs.First(r => Str(r, "post_url") is not null && r.GetProperty("remote_deleted_at").ValueKind == JsonValueKind.Null);
        await AssertFilter("jobs", "post_url=" + Uri.EscapeDataString(Str(withUrl, "post_url")!), r => Str(r, "post_url") == Str(withUrl, "post_url"));
        await AssertFilter("jobs", "name_contains=engineer", r => Str(r, "name")?.Contains("engineer", StringComparison.OrdinalIgnoreCase) == true);
    }

    [Fact]
    public async Task Remote_created_after_filters_jobs_and_applications()
    {
        const string after = "2025-09-01T00:00:00.000Z";
        var cut = DateTime.Parse(after, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime();
        bool Created(JsonElement r) => r.GetProperty("remote_created_at").GetDateTime().ToUniversalTime() >= cut;
        await AssertFilter("jobs", "remote_created_after=" + after, Created);
        await AssertFilter("applications", "remote_created_after=" + after, Created);
    }

    [Fact]
    public async Task Candidate_email_filter_matches_any_address_case_insensitively()
    {
        var candidate = (await All("candidates")).First(r => r.GetProperty("email_addresses").ValueKind == JsonValueKind.Array
            && r.GetProperty("email_addresses").GetArrayLength() > 1 && r.GetProperty("remote_deleted_at").ValueKind == JsonValueKind.Null);
        var second = candidate.GetProperty("email_addresses")[1].GetProperty("email_address").GetString()!;
        var read = SandboxHarness.Ids(await SandboxHarness.ReadAll(Client, "ats/candidates", "email=" + Uri.EscapeDataString(second.ToUpperInvariant())));
        Assert.Equal([Str(candidate, "id")!], read);
    }

    [Fact]
    public async Task Candidate_first_and_last_name_filters_are_exact_and_case_insensitive()
    {
        var candidate = (await All("candidates")).First(r => Str(r, "first_name") is not null && Str(r, "last_name") is not null
            && r.GetProperty("remote_deleted_at").ValueKind == JsonValueKind.Null);
        var first = Str(candidate, "first_name")!;
        var last = Str(candidate, "last_name")!;
        await AssertFilter("candidates", "first_name=" + Uri.EscapeDataString(first.ToUpperInvariant()),
            r => string.Equals(Str(r, "first_name"), first, StringComparison.OrdinalIgnoreCase));
        await AssertFilter("candidates", $"first_name={Uri.EscapeDataString(first)}&last_name={Uri.EscapeDataString(last)}",
            r => string.Equals(Str(r, "first_name"), first, StringComparison.OrdinalIgnoreCase) && string.Equals(Str(r, "last_name"), last, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Candidate_job_ids_filter_matches_candidates_with_an_application_to_the_job()
    {
        var jobId = Str((await SandboxHarness.ReadAll(Client, "ats/applications"))[0], "job_id")!;
        await AssertFilter("candidates", "job_ids=" + jobId,
            r => r.GetProperty("applications").EnumerateArray().Any(a => a.GetProperty("job").GetProperty("id").GetString() == jobId));
    }

    [Theory]
    [InlineData("outcomes=DECLINED", "DECLINED")]
    [InlineData("outcomes=PENDING,HIRED", "PENDING,HIRED")]
    [InlineData("outcome=PENDING", "PENDING")]
    public async Task Application_outcome_filters_match(string query, string outcomes)
    {
        var set = outcomes.Split(',');
        await AssertFilter("applications", query, r => set.Contains(Str(r, "outcome")));
    }

    [Fact]
    public async Task Application_job_and_stage_filters_match()
    {
        var sample = (await SandboxHarness.ReadAll(Client, "ats/applications"))[3];
        var jobId = Str(sample, "job_id");
        var jobRemoteId = sample.GetProperty("job").GetProperty("remote_id").GetString();
        var stageId = Str(sample, "current_stage_id");
        await AssertFilter("applications", "job_ids=" + jobId, r => Str(r, "job_id") == jobId);
        await AssertFilter("applications", "job_remote_ids=" + jobRemoteId, r => r.GetProperty("job").GetProperty("remote_id").GetString() == jobRemoteId);
        await AssertFilter("applications", "current_stage_ids=" + stageId, r => Str(r, "current_stage_id") == stageId);
    }

    [Fact]
    public async Task User_emails_filter_matches_case_insensitively()
    {
        var emails = (await All("users")).Select(r => Str(r, "email")).OfType<string>().Take(3).ToList();
        await AssertFilter("users", "emails=" + string.Join(",", emails.Select(e => e.ToUpperInvariant())),
            r => emails.Contains(Str(r, "email") ?? "", StringComparer.OrdinalIgnoreCase), expectSome: false);
    }

    [Fact]
    public async Task Filters_are_combined_with_and()
    {
        await AssertFilter("jobs", "statuses=OPEN&visibilities=PUBLIC", r => Str(r, "status") == "OPEN" && Str(r, "visibility") == "PUBLIC");
    }

    [Theory]
    [InlineData("ats/jobs?statuses=OPEN,WHATEVER")]
    [InlineData("ats/applications?outcomes=MAYBE")]
    [InlineData("ats/jobs?updated_after=yesterday")]
    [InlineData("ats/candidates?include_deleted=yes")]
    [InlineData("ats/tags?ignore_unsupported_filters=1")]
    public async Task An_invalid_filter_value_is_rejected_with_400(string path)
    {
        var (status, body) = await SandboxHarness.GetJson(Client, path);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("PLATFORM.INPUT_INVALID", body.GetProperty("error").GetProperty("code").GetString());
    }
}
