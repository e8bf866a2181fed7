using System.Net;
using Kombo.Sandbox.Data;
using OrleansKombo.Tests.Api;
using OrleansKombo.Tests.Infrastructure;
using OrleansKombo.Tests.Sync;

namespace OrleansKombo.Tests.Jobs;

/// <summary>The jobs a customer chooses (issue 13 §1): mode and chosen jobs, kept apart from the synced records.</summary>
[Collection(KomboClusterCollection.Name)]
public sealed class JobSelectionTests(KomboCluster fixture)
{
    private HttpClient Api => fixture.Gateway.Api;

    [Fact]
    public async Task Every_job_is_selected_until_the_customer_chooses_and_then_only_the_chosen_ones_are()
    {
        var integration = await JobsRig.SyncedAsync(fixture);
        var path = $"/api/integrations/{integration.Id}";
        var all = (await Api.GetAllPagesAsync($"{path}/jobs?page_size=250")).Ids();

        var initial = await Api.GetJsonAsync($"{path}/job-selection");
        Assert.Equal("ALL", initial.Text("mode"));
        Assert.Empty(initial.GetProperty("job_ids").EnumerateArray());
        Assert.Empty(await Api.GetAllPagesAsync($"{path}/jobs?selected=false&page_size=250"));

        var chosen = all.Take(3).ToList();
        var stored = await Api.SendJsonAsync(HttpMethod.Put, $"{path}/job-selection", new { mode = "SELECTED", job_ids = chosen.Append(chosen[0]) });

        Assert.Equal("SELECTED", stored.Text("mode"));
        Assert.Equal(chosen.Order(StringComparer.Ordinal), stored.GetProperty("job_ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(chosen.Order(StringComparer.Ordinal), (await Api.GetAllPagesAsync($"{path}/jobs?selected=true&page_size=2")).Ids());
        Assert.Equal(all.Except(chosen), (await Api.GetAllPagesAsync($"{path}/jobs?selected=false&page_size=250")).Ids());
        var one = await Api.GetJsonAsync($"{path}/jobs/{chosen[0]}");
        Assert.True(one.GetProperty("selected").GetBoolean());

        // One job at a time; in mode ALL the chosen list is kept but every job is selected.
        var added = await Api.SendJsonAsync(HttpMethod.Put, $"{path}/jobs/{all[5]}/selection");
        Assert.Equal((true, true, "SELECTED"), (added.GetProperty("chosen").GetBoolean(), added.GetProperty("selected").GetBoolean(), added.Text("mode")));
        var removed = await Api.SendJsonAsync(HttpMethod.Delete, $"{path}/jobs/{chosen[1]}/selection");
        Assert.Equal((false, false), (removed.GetProperty("chosen").GetBoolean(), removed.GetProperty("selected").GetBoolean()));
        await Api.SendJsonAsync(HttpMethod.Put, $"{path}/jobs/{all[5]}/selection");
        Assert.Equal(new[] { chosen[0], chosen[2], all[5] }.Order(StringComparer.Ordinal),
            (await Api.GetAllPagesAsync($"{path}/jobs?selected=true&page_size=250")).Ids());

        await Api.SendJsonAsync(HttpMethod.Put, $"{path}/job-selection", new { mode = "ALL", job_ids = chosen });
        Assert.Empty(await Api.GetAllPagesAsync($"{path}/jobs?selected=false&page_size=250"));
        var inAll = await Api.SendJsonAsync(HttpMethod.Delete, $"{path}/jobs/{chosen[0]}/selection");
        Assert.Equal((false, true, "ALL"), (inAll.GetProperty("chosen").GetBoolean(), inAll.GetProperty("selected").GetBoolean(), inAll.Text("mode")));
    }

    [Fact]
    public async Task The_selection_survives_a_delta_sync_a_full_reconcile_and_jobs_changing_in_the_ats()
    {
        var integration = await JobsRig.SyncedAsync(fixture);
        var path = $"/api/integrations/{integration.Id}";
        var chosen = integration.Records(SandboxModel.Jobs).Where(r => !r.Deleted).Take(4).Select(r => r.Id).Order(StringComparer.Ordinal).ToList();
        await Api.SendJsonAsync(HttpMethod.Put, $"{path}/job-selection", new { mode = "SELECTED", job_ids = chosen });

        integration.UpdateRecords(SandboxModel.Jobs, ids: chosen[..2]);
        await JobsRig.SyncAsync(fixture, integration);
        var since = DateTimeOffset.UtcNow;
        var reconcile = await Api.PostAsync($"{path}/reconcile", null);
        Assert.Equal(HttpStatusCode.Accepted, reconcile.StatusCode);
        var status = await SyncedData.PullSucceededAsync(fixture.Grains, integration.Id, since);
        Assert.True(status.LastReconcileAt >= since);

        var selection = await Api.GetJsonAsync($"{path}/job-selection");
        Assert.Equal("SELECTED", selection.Text("mode"));
        Assert.Equal(chosen, selection.GetProperty("job_ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(chosen, (await Api.GetAllPagesAsync($"{path}/jobs?selected=true&page_size=250")).Ids());
    }

    [Fact]
    public async Task A_selected_job_that_closes_stays_selected_and_shows_inactive_with_the_reason_and_time_and_is_active_again_when_it_reopens()
    {
        var integration = await JobsRig.SyncedAsync(fixture);
        var path = $"/api/integrations/{integration.Id}";
        var job = integration.Records(SandboxModel.Jobs).First(r => !r.Deleted).Id;
        integration.SetJobStatus("OPEN", ids: [job]);
        await JobsRig.SyncAsync(fixture, integration);
        await Api.SendJsonAsync(HttpMethod.Put, $"{path}/job-selection", new { mode = "SELECTED", job_ids = new[] { job } });

        var closing = DateTimeOffset.UtcNow;
        integration.SetJobStatus("CLOSED", ids: [job]);
        await JobsRig.SyncAsync(fixture, integration);

        var closed = await Api.GetJsonAsync($"{path}/jobs/{job}");
        Assert.True(closed.GetProperty("selected").GetBoolean());
        Assert.Equal(("CLOSED", false), (closed.GetProperty("lifecycle").Text("state"), closed.GetProperty("lifecycle").GetProperty("active").GetBoolean()));
        Assert.True(closed.GetProperty("lifecycle").GetProperty("since").GetDateTimeOffset() >= closing.AddSeconds(-1));
        var inactive = (await Api.GetJsonAsync($"{path}/job-selection")).GetProperty("inactive").EnumerateArray().Single();
        Assert.Equal((job, "CLOSED"), (inactive.Text("job_id"), inactive.Text("state")));
        Assert.Equal(closed.GetProperty("lifecycle").GetProperty("since").GetDateTimeOffset(), inactive.GetProperty("since").GetDateTimeOffset());
        Assert.Equal([job], (await Api.GetAllPagesAsync($"{path}/jobs?selected=true&active=false&page_size=10")).Ids());

        integration.SetJobStatus("OPEN", ids: [job]);
        await JobsRig.SyncAsync(fixture, integration);

        var reopened = await Api.GetJsonAsync($"{path}/jobs/{job}");
        Assert.True(reopened.GetProperty("selected").GetBoolean());
        Assert.True(reopened.GetProperty("lifecycle").GetProperty("active").GetBoolean());
        Assert.Empty((await Api.GetJsonAsync($"{path}/job-selection")).GetProperty("inactive").EnumerateArray());

        integration.DeleteRecords(SandboxModel.Jobs, ids: [job]);
        await JobsRig.SyncAsync(fixture, integration);
        var deleted = (await Api.GetJsonAsync($"{path}/job-selection")).GetProperty("inactive").EnumerateArray().Single();
        Assert.Equal("DELETED", deleted.Text("state"));
        Assert.NotNull(deleted.Text("deleted_at"));
        Assert.Equal([job], (await Api.GetJsonAsync($"{path}/job-selection")).GetProperty("job_ids").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Bad_selections_are_refused_naming_what_is_wrong_and_store_nothing()
    {
        var integration = await SyncedRows.CreateIntegrationAsync(fixture);
        await SyncedRows.JobAsync(integration, "a", "OPEN");
        var path = $"/api/integrations/{integration}";

        await Api.SendJsonAsync(HttpMethod.Put, $"{path}/job-selection", new { mode = "SOME", job_ids = new[] { "a" } }, HttpStatusCode.BadRequest);
        await Api.SendJsonAsync(HttpMethod.Put, $"{path}/job-selection", new { job_ids = new[] { "a" } }, HttpStatusCode.BadRequest);
        await Api.SendJsonAsync(HttpMethod.Put, $"{path}/job-selection", new { mode = "SELECTED", job_ids = new object[] { "a", 7 } }, HttpStatusCode.BadRequest);
        var unknown = await Api.SendJsonAsync(HttpMethod.Put, $"{path}/job-selection", new { mode = "SELECTED", job_ids = new[] { "a", "nope" } },
            HttpStatusCode.BadRequest);
        Assert.Contains("nope", unknown.GetProperty("error").Text("message"));
        var tooMany = Enumerable.Range(0, 50_001).Select(i => $"j{i}").ToArray();
        await Api.SendJsonAsync(HttpMethod.Put, $"{path}/job-selection", new { mode = "SELECTED", job_ids = tooMany }, HttpStatusCode.BadRequest);

        Assert.Equal("ALL", (await Api.GetJsonAsync($"{path}/job-selection")).Text("mode"));
        await Api.SendJsonAsync(HttpMethod.Put, $"{path}/jobs/nope/selection", expected: HttpStatusCode.NotFound);
        await Api.SendJsonAsync(HttpMethod.Delete, $"{path}/jobs/nope/selection", expected: HttpStatusCode.NotFound);
        await Api.SendJsonAsync(HttpMethod.Get, "/api/integrations/greenhouse:unknown/job-selection", expected: HttpStatusCode.NotFound);
        await Api.SendJsonAsync(HttpMethod.Put, "/api/integrations/greenhouse:unknown/job-selection", new { mode = "ALL" }, HttpStatusCode.NotFound);
        await Api.AssertErrorAsync($"{path}/jobs?selected=maybe", HttpStatusCode.BadRequest, "selected");
    }
}
