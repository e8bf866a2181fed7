using System.Text.Json;
using Kombo.Sandbox.Data;

namespace OrleansKombo.Tests.Golden;

/// <summary>
/// Choosing and matching jobs (issue 13): the job selection and the jobs list's new filters, the vendor's jobs linked by
/// each key, by title for confirmation and not at all, a confirmation, and a user's jobs. It ends with the selection
/// back at ALL, so the sections after it see the jobs as before.
/// </summary>
public sealed class GoldenJobChoice(GoldenRun run, GoldenSync sync)
{
    public async Task RunAsync()
    {
        var recorder = run.Recorder;
        recorder.Section = "10-job-choice";
        var path = run.Path;
        await recorder.GetAsync($"{path}/job-selection", "before any choice: every job is selected");
        await recorder.PutAsync($"{path}/job-selection", new { mode = "SOME" }, "an unknown mode");
        await recorder.PutAsync($"{path}/job-selection", new { mode = "SELECTED", job_ids = new[] { sync.OpenJob, "no-such-job" } }, "an unknown job");
        await recorder.PutAsync($"{path}/job-selection", new { mode = "SELECTED", job_ids = new[] { sync.OpenJob, sync.ClosedJob } },
            "two jobs chosen; the closed one is selected and inactive");
        await recorder.GetAsync($"{path}/jobs?selected=true");
        await recorder.PutAsync($"{path}/jobs/{sync.RawStatusJob}/selection", new { }, "one more job");
        await recorder.SendRawAsync(HttpMethod.Delete, $"{path}/jobs/{sync.OpenJob}/selection", "", "one job less");
        await recorder.GetAsync($"{path}/job-selection");

        var jobs = run.Integration.Records(SandboxModel.Jobs).Where(j => !j.Deleted)
            .Select(j => JsonDocument.Parse(run.Integration.RecordJson(SandboxModel.Jobs, j.Id)!).RootElement).ToList();
        string? Field(JsonElement job, string name) => job.GetProperty(name).ValueKind == JsonValueKind.String ? job.GetProperty(name).GetString() : null;
        var withCode = jobs.First(j => Field(j, "job_code") is not null);
        var withUrl = jobs.First(j => Field(j, "post_url") is not null);
        var open = jobs.First(j => j.GetProperty("id").GetString() == sync.OpenJob);
        await recorder.GetAsync($"{path}/jobs?q={Uri.EscapeDataString(Field(open, "name")!.ToUpperInvariant())}", "a name in capitals");
        await recorder.GetAsync($"{path}/jobs?job_code={Uri.EscapeDataString(Field(withCode, "job_code")!.ToLowerInvariant())}");
        await recorder.GetAsync($"{path}/jobs?post_url={Uri.EscapeDataString("http://" + new Uri(Field(withUrl, "post_url")!).Host.ToUpperInvariant()
            + new Uri(Field(withUrl, "post_url")!).AbsolutePath + "?utm_source=golden")}", "a post URL as a job board passes it on");

        var links = $"{path}/job-links";
        await recorder.PostAsync(links, new
        {
            jobs = new object[]
            {
                new { vendor_job_id = "v-remote", title = "Ours", remote_id = Field(open, "remote_id") },
                new { vendor_job_id = "v-code", title = "Ours", job_code = $" {Field(withCode, "job_code")!.ToLowerInvariant()} " },
                new { vendor_job_id = "v-url", title = "Ours", post_url = Field(withUrl, "post_url") + "#apply" },
                new { vendor_job_id = "v-title", title = Field(open, "name")!.ToLowerInvariant() + " (m/f/d)" },
                new { vendor_job_id = "v-none", title = "Pilot A320" },
            },
        }, "one vendor job per way of matching");
        await recorder.PostAsync(links, new { jobs = new object[] { new { vendor_job_id = "", title = 7 } } }, "a malformed vendor job");
        await recorder.GetAsync($"{links}?status=NEEDS_CONFIRMATION");
        await recorder.PostAsync($"{links}/v-title/confirm", new { job_id = sync.OpenJob }, "a human confirms the title's job");
        await recorder.PostAsync($"{links}/v-none/confirm", new { job_id = sync.DeletedJob }, "a job deleted in the ATS cannot be confirmed");
        await recorder.GetAllPagesAsync($"{links}?page_size=2", "every link, in pages of 2");
        await recorder.SendRawAsync(HttpMethod.Delete, $"{links}/v-none", "", "unlinked");

        var member = jobs.SelectMany(j => j.GetProperty("hiring_team").EnumerateArray()).First(m => Field(m, "email") is not null);
        await recorder.GetAsync($"{path}/users?email={Uri.EscapeDataString(Field(member, "email")!.ToUpperInvariant())}", "a user by email, in capitals");
        await recorder.GetAsync($"{path}/users/{Field(member, "id")}/jobs", "the jobs whose hiring team includes the user, with the user's roles");
        await recorder.GetAsync($"{path}/users/no-such-user/jobs");

        await recorder.PutAsync($"{path}/job-selection", new { mode = "ALL", job_ids = Array.Empty<string>() }, "back to every job");
    }
}
