using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using OrleansKombo.Integrations;
using System.Text.Json;
using OrleansKombo.Tests.Infrastructure;
using OrleansKombo.Tests.Orders;
using OrleansKombo.Tests.Api;
using OrleansKombo.Tests.Sync;
using OrleansKombo.Tests.Jobs;

namespace OrleansKombo.Tests.OperatorConsole;

/// <summary>
/// Issue 15: the console at /console, over HTTP as a browser speaks it: sign-in with an API key gives an HttpOnly,
/// SameSite=Strict session cookie; every page needs it; every POST needs the antiforgery token; the integrations page
/// finds an integration by its customer's name and the detail shows its pulls and acts through the grain.
/// </summary>
[Collection(KomboClusterCollection.Name)]
public sealed class ConsoleTests(KomboCluster fixture)
{
    private async Task<ConsoleSession> SignedInAsync()
    {
        return await ConsoleSession.SignedInAsync(fixture.Gateway.BaseAddress);
    }

    [Fact]
    public async Task Signing_in_with_an_api_key_gives_an_httponly_strict_session_cookie_and_a_wrong_key_gives_none()
    {
        using var browser = new ConsoleSession(fixture.Gateway.BaseAddress);

        var away = await browser.Http.GetAsync("/console");
        Assert.Equal(HttpStatusCode.Redirect, away.StatusCode);
        Assert.StartsWith("/console/sign-in", away.Headers.Location!.OriginalString.Replace(fixture.Gateway.BaseAddress.ToString().TrimEnd('/'), ""));

        var refused = await browser.PostFormAsync("/console/sign-in", "/console/sign-in", new() { ["key"] = "not-a-key-0123456789" });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.DoesNotContain(browser.Handler.CookieContainer.GetAllCookies(), c => c.Name == "kombo_console");

        var signedIn = await browser.PostFormAsync("/console/sign-in", "/console/sign-in", new() { ["key"] = $"  {TestGateway.ApiKey} " });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("kombo_console=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/console", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie.Replace("samesite", "", StringComparison.OrdinalIgnoreCase), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(TestGateway.ApiKey, cookie);
        Assert.Contains("<h1>Integrations</h1>", await browser.PageAsync("/console"));

        var signedOut = await browser.PostFormAsync("/console", "/console/sign-in?handler=SignOut", []);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Http.GetAsync("/console")).StatusCode);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        using var browser = await SignedInAsync();
        var integration = await SyncedRows.CreateIntegrationAsync(fixture);
        var page = $"/console/integrations/{Uri.EscapeDataString(integration)}";

        var forged = await browser.PostFormAsync(page, $"{page}?handler=Reconcile", [], withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var signIn = await new ConsoleSession(fixture.Gateway.BaseAddress).PostFormAsync("/console/sign-in", "/console/sign-in",
            new() { ["key"] = TestGateway.ApiKey }, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
    }

    [Fact]
    public async Task The_integrations_page_finds_a_customer_by_name_and_the_detail_shows_its_pulls_and_asks_for_a_sync()
    {
        using var browser = await SignedInAsync();
        // A customer of its own: the sandbox's default name is every test integration's.
        var customer = $"Brandt & Söhne {Guid.NewGuid():N}"[..24];
        var integration = fixture.Sandbox.CreateIntegration(new IntegrationSpec
        {
            Scale = new GeneratorScale { Jobs = 4, Candidates = 10, Applications = 12, Users = 3, Tags = 2 }, Seed = Random.Shared.Next(),
            EndUser = new Kombo.Sandbox.Webhooks.EndUser(customer, "it@brandt.example", null),
        });
        var since = DateTimeOffset.UtcNow;
        await integration.FinishSync().Webhooks;
        await SyncedData.PullSucceededAsync(fixture.Grains, integration.Id, since);
        var name = (await fixture.Gateway.Api.GetJsonAsync($"/api/integrations/{integration.Id}")).GetProperty("end_user").GetProperty("organization_name").GetString()!;

        var list = await browser.PageAsync($"/console?q={Uri.EscapeDataString(name.ToUpperInvariant())}&health=OK");
        Assert.Contains(WebUtility.HtmlEncode(integration.Id), list);
        Assert.Contains($"/console/integrations/{Uri.EscapeDataString(integration.Id)}", list);

        var page = $"/console/integrations/{Uri.EscapeDataString(integration.Id)}";
        var detail = await browser.PageAsync(page);
        Assert.Contains("SUCCEEDED", detail);
        Assert.Contains("FULL", detail);
        Assert.Contains(">Sync now<", detail);
        var progress = await browser.PageAsync($"{page}?handler=Progress");
        Assert.Contains("\"status\":\"SUCCEEDED\"", progress);

        var before = DateTimeOffset.UtcNow;
        var asked = await browser.PostFormAsync(page, $"{page}?handler=Sync", []);
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        await SyncedData.PullSucceededAsync(fixture.Grains, integration.Id, before);
        Assert.Contains("A pull of the deltas was asked for.", await browser.PageAsync(page));

        var jobs = await browser.PageAsync($"{page}/jobs");
        var open = integration.Records(SandboxModel.Jobs).Where(j => !j.Deleted).Select(j => j.Id).ToList();
        Assert.All(open, id => Assert.Contains(WebUtility.HtmlEncode(id), jobs));
        Assert.Contains("No job matches.", await browser.PageAsync($"{page}/jobs?q={Guid.NewGuid():N}"));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.Http.GetAsync($"/console/integrations/{Uri.EscapeDataString(KomboEvents.NewIntegrationId())}")).StatusCode);
    }

    [Fact]
    public async Task The_webhook_inbox_filters_by_type_and_status_shows_the_body_as_kept_and_replays()
    {
        using var browser = await SignedInAsync();
        var integration = await SyncedRows.CreateIntegrationAsync(fixture);
        var id = KomboEvents.NewId();
        var changed = KomboEvents.Envelope("data-changed", new
        {
            integration_id = integration, integration_tool = "greenhouse", integration_category = "ATS",
            changed_models = new[] { new { name = "ats_jobs" } }, contact_phone = "+49 170 5550123",
        }, id);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Gateway.Webhooks.SendAsync(changed)).StatusCode);

        var list = await browser.PageAsync($"/console/webhooks?type=data-changed&integration_id={Uri.EscapeDataString(integration)}");
        Assert.Contains($"/console/webhooks/{id}", list);
        Assert.DoesNotContain($"/console/webhooks/{id}", await browser.PageAsync($"/console/webhooks?status=DEAD&integration_id={Uri.EscapeDataString(integration)}"));
        Assert.Contains("status must be one of", await browser.PageAsync("/console/webhooks?status=LOST"));

        var page = $"/console/webhooks/{id}";
        var detail = await browser.PageAsync(page);
        Assert.Contains("ats_jobs", detail);
        Assert.DoesNotContain("5550123", detail);

        var replayed = await browser.PostFormAsync(page, $"{page}?handler=Replay", []);
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Contains("Replayed", await browser.PageAsync(page));
    }

    [Fact]
    public async Task The_orders_page_shows_a_failed_write_back_and_an_invitation_in_doubt_and_the_operator_acts_on_them()
    {
        using var browser = await SignedInAsync();
        var integration = await Assessments.OfferingAsync(fixture);
        var failing = (await Assessments.OrderAsync(integration, MailSink.NewAddress())).Id;
        var doubtful = (await Assessments.OrderAsync(integration, MailSink.NewAddress())).Id;
        await Assessments.InvitedAsync(fixture.Gateway.Api, failing);
        await Assessments.InvitedAsync(fixture.Gateway.Api, doubtful);
        integration.Faults.FailWrites(1, 400, "PLATFORM.INPUT_INVALID", kind: "result");
        await Assessments.PostResultAsync(fixture.Gateway.Api, failing, Assessments.Result()).AcceptedAsync();
        await Assessments.WaitForAsync(fixture.Gateway.Api, failing, o => o.GetProperty("write_back") is { ValueKind: JsonValueKind.Object } w
            && w.GetProperty("status").GetString() == "FAILED", "the write-back failed");
        await TestDatabase.ScalarAsync<int>("UPDATE invitation_outbox SET status = 'IN_DOUBT', last_error = 'left in doubt by the test' WHERE order_id = @o",
            ("o", doubtful));
        var of = $"integration_id={Uri.EscapeDataString(integration.Id)}";

        var failed = await browser.PageAsync($"/console/orders?write_back_failed=true&{of}");
        Assert.Contains($"/console/orders/{failing}", failed);
        Assert.DoesNotContain($"/console/orders/{doubtful}", failed);
        var inDoubt = await browser.PageAsync($"/console/orders?invitation_in_doubt=true&{of}");
        Assert.Contains($"/console/orders/{doubtful}", inDoubt);
        Assert.DoesNotContain($"/console/orders/{failing}", inDoubt);

        var page = $"/console/orders/{failing}";
        var detail = await browser.PageAsync(page);
        Assert.Contains("INVITED", detail);
        // The candidate's link shows where it leads, never its token (the API's Redact.Url).
        Assert.Contains("token=***", detail);
        Assert.DoesNotMatch(@"token=(?!\*\*\*)", detail);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync(page, $"{page}?handler=Retry", [])).StatusCode);
        Assert.Contains("The write-back is being retried.", await browser.PageAsync(page));
        await Assessments.WrittenBackAsync(fixture.Gateway.Api, failing);

        var doubt = $"/console/orders/{doubtful}";
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync(doubt, $"{doubt}?handler=Delivered", [])).StatusCode);
        Assert.Contains("The invitation is marked SENT.", await browser.PageAsync(doubt));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync(doubt, $"{doubt}?handler=Delivered", [])).StatusCode);
        Assert.Contains("Refused (409)", await browser.PageAsync(doubt));
    }

    [Fact]
    public async Task The_trigger_rules_page_shows_the_rules_and_their_warnings_and_replaces_them_through_the_api_code()
    {
        var integration = await Assessments.OfferingAsync(fixture);
        var page = $"/console/integrations/{Uri.EscapeDataString(integration.Id)}/triggers";
        using (var stranger = new ConsoleSession(fixture.Gateway.BaseAddress))
        {
            Assert.Equal(HttpStatusCode.Redirect, (await stranger.Http.GetAsync(page)).StatusCode);
        }
        using var browser = await SignedInAsync();
        Assert.Contains($"{page}\"", await browser.PageAsync($"/console/integrations/{Uri.EscapeDataString(integration.Id)}"));
        Assert.Contains("No rules.", await browser.PageAsync(page));
        var rules = $$$"""{"rules":[{"id":"on-tag","package_id":"{{{Assessments.SkillsTest}}}","when":{"tag_name":"no such tag"}}]}""";

        var forged = await browser.PostFormAsync(page, page, new() { ["Rules"] = rules }, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("No rules.", await browser.PageAsync(page));

        var stored = await browser.PostFormAsync(page, page, new() { ["Rules"] = rules });
        Assert.Equal(HttpStatusCode.Redirect, stored.StatusCode);
        var shown = await browser.PageAsync(page);
        Assert.Contains("Stored 1 rules.", shown);
        Assert.Contains("on-tag", shown);
        Assert.Contains("when.tag_name", shown);
        var api = await fixture.Gateway.Api.GetJsonAsync($"/api/integrations/{integration.Id}/triggers");
        Assert.Equal("on-tag", api.GetProperty("rules")[0].GetProperty("id").GetString());

        // A package the integration does not offer: the API's 400, its message on the page, nothing stored.
        var refused = await browser.PostFormAsync(page, page, new() { ["Rules"] = rules.Replace(Assessments.SkillsTest, "pkg-none") });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var problem = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Not stored (400)", problem);
        Assert.Contains("pkg-none", problem);
        var malformed = await (await browser.PostFormAsync(page, page, new() { ["Rules"] = "{\"rules\": [" })).Content.ReadAsStringAsync();
        Assert.Contains("The body is not JSON", malformed);
        api = await fixture.Gateway.Api.GetJsonAsync($"/api/integrations/{integration.Id}/triggers");
        Assert.Equal(["on-tag"], api.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task The_jobs_page_switches_the_selection_mode_selects_a_job_and_shows_its_vendor_link()
    {
        var integration = await JobsRig.SyncedAsync(fixture);
        var api = fixture.Gateway.Api;
        var jobs = $"/console/integrations/{Uri.EscapeDataString(integration.Id)}/jobs";
        var selection = $"/api/integrations/{integration.Id}/job-selection";
        var job = integration.Records(SandboxModel.Jobs).First(r => !r.Deleted).Id;
        using (var stranger = new ConsoleSession(fixture.Gateway.BaseAddress))
        {
            Assert.Equal(HttpStatusCode.Redirect, (await stranger.Http.GetAsync(jobs)).StatusCode);
        }
        using var browser = await SignedInAsync();
        Assert.Contains("<strong class=\"selection-mode\">ALL</strong>", await browser.PageAsync(jobs));

        Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostFormAsync(jobs, $"{jobs}?handler=Mode", new() { ["mode"] = "SELECTED" }, withToken: false)).StatusCode);
        Assert.Equal("ALL", (await api.GetJsonAsync(selection)).GetProperty("mode").GetString());

        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync(jobs, $"{jobs}?handler=Mode", new() { ["mode"] = "SELECTED" })).StatusCode);
        Assert.Contains("The job selection&#x27;s mode is SELECTED.", await browser.PageAsync(jobs));
        Assert.Equal("SELECTED", (await api.GetJsonAsync(selection)).GetProperty("mode").GetString());

        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync(jobs, $"{jobs}?handler=Choose", new() { ["job_id"] = job, ["chosen"] = "true" })).StatusCode);
        Assert.Equal([job], (await api.GetJsonAsync(selection)).GetProperty("job_ids").EnumerateArray().Select(j => j.GetString()));
        Assert.Contains(">Unselect<", await browser.PageAsync($"{jobs}?selected=true"));
        // Switching the mode keeps the chosen jobs, as the API's PUT does when it is given them back.
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync(jobs, $"{jobs}?handler=Mode", new() { ["mode"] = "ALL" })).StatusCode);
        Assert.Equal([job], (await api.GetJsonAsync(selection)).GetProperty("job_ids").EnumerateArray().Select(j => j.GetString()));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync(jobs, $"{jobs}?handler=Choose", new() { ["job_id"] = job, ["chosen"] = "false" })).StatusCode);
        Assert.Empty((await api.GetJsonAsync(selection)).GetProperty("job_ids").EnumerateArray());
        await browser.PostFormAsync(jobs, $"{jobs}?handler=Choose", new() { ["job_id"] = "no-such-job", ["chosen"] = "true" });
        Assert.Contains("Refused (404)", await browser.PageAsync(jobs));

        var vendorJob = $"ours-{Guid.NewGuid():N}"[..16];
        var linked = await api.PostAsJsonAsync($"/api/integrations/{integration.Id}/job-links", new
        {
            jobs = new[] { new { vendor_job_id = vendorJob, title = "Anything", remote_id = JobsRig.Job(integration, job).GetProperty("remote_id").GetString() } },
        });
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        var shown = await browser.PageAsync(jobs);
        Assert.Contains(vendorJob, shown);
        Assert.Matches($"{vendorJob} <span class=\"sub\">LINKED[^<]*remote_id", shown);
    }

    [Fact]
    public async Task The_jobs_page_links_a_vendor_job_confirms_a_candidate_and_unlinks_it_through_the_job_links_code()
    {
        var integration = await JobsRig.SyncedAsync(fixture);
        var api = fixture.Gateway.Api;
        var jobs = $"/console/integrations/{Uri.EscapeDataString(integration.Id)}/jobs";
        var links = $"/api/integrations/{integration.Id}/job-links";
        var open = (await api.GetAllPagesAsync($"/api/integrations/{integration.Id}/jobs?active=true")).First();
        var (job, name) = (open.Text("id")!, open.Text("name")!);
        var vendorJob = $"v-{Guid.NewGuid():N}"[..14];
        using var browser = await SignedInAsync();
        Assert.Contains("No vendor job is linked.", await browser.PageAsync(jobs));

        // No token, nothing linked; a vendor job without a title: the API's 400 and its message.
        var forged = await browser.PostFormAsync(jobs, $"{jobs}?handler=Link", new() { ["vendor_job_id"] = vendorJob, ["title"] = name }, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Empty(await api.GetAllPagesAsync(links));
        await browser.PostFormAsync(jobs, $"{jobs}?handler=Link", new() { ["vendor_job_id"] = vendorJob, ["title"] = "  " });
        Assert.Contains("Refused (400): jobs[0].title is required and must be a non-empty string.", WebUtility.HtmlDecode(await browser.PageAsync(jobs)));

        // A title alone offers candidates; the job of that name is one.
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync(jobs, $"{jobs}?handler=Link",
            new() { ["vendor_job_id"] = $" {vendorJob} ", ["title"] = name, ["job_code"] = " " })).StatusCode);
        var offered = WebUtility.HtmlDecode(await browser.PageAsync(jobs));
        Assert.Contains($"Vendor job {vendorJob} NEEDS_CONFIRMATION", offered);
        var link = await api.GetJsonAsync($"{links}/{vendorJob}");
        Assert.Equal("NEEDS_CONFIRMATION", link.Text("status"));
        Assert.Equal(JsonValueKind.Null, link.GetProperty("job_code").ValueKind);
        Assert.Contains(job, link.GetProperty("candidates").EnumerateArray().Select(c => c.Text("job_id")));
        Assert.Contains($"value=\"{job}\"", offered);

        // A job the integration does not have: the API's 400 and its message, the link unchanged.
        await browser.PostFormAsync(jobs, $"{jobs}?handler=Confirm", new() { ["vendor_job_id"] = vendorJob, ["job_id"] = "no-such-job" });
        Assert.Contains("Refused (400)", await browser.PageAsync(jobs));
        Assert.Equal("NEEDS_CONFIRMATION", (await api.GetJsonAsync($"{links}/{vendorJob}")).Text("status"));

        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync(jobs, $"{jobs}?handler=Confirm",
            new() { ["vendor_job_id"] = vendorJob, ["job_id"] = job })).StatusCode);
        Assert.Contains($"Vendor job {vendorJob} is linked to job {job}, confirmed.", WebUtility.HtmlDecode(await browser.PageAsync(jobs)));
        link = await api.GetJsonAsync($"{links}/{vendorJob}");
        Assert.Equal(("LINKED", job), (link.Text("status"), link.Text("job_id")));
        Assert.NotEqual(JsonValueKind.Null, link.GetProperty("confirmed_at").ValueKind);

        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync(jobs, $"{jobs}?handler=Unlink", new() { ["vendor_job_id"] = vendorJob })).StatusCode);
        Assert.Contains($"Vendor job {vendorJob} is unlinked.", WebUtility.HtmlDecode(await browser.PageAsync(jobs)));
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"{links}/{vendorJob}")).StatusCode);
        await browser.PostFormAsync(jobs, $"{jobs}?handler=Unlink", new() { ["vendor_job_id"] = vendorJob });
        Assert.Contains($"Refused (404): No job link for vendor job '{vendorJob}'", WebUtility.HtmlDecode(await browser.PageAsync(jobs)));
    }

    [Fact]
    public async Task The_job_selection_page_shows_the_mode_the_chosen_jobs_and_the_selected_ones_no_longer_active()
    {
        var integration = await JobsRig.SyncedAsync(fixture);
        var api = fixture.Gateway.Api;
        var page = $"/console/integrations/{Uri.EscapeDataString(integration.Id)}/job-selection";
        var selection = $"/api/integrations/{integration.Id}/job-selection";
        var active = (await api.GetAllPagesAsync($"/api/integrations/{integration.Id}/jobs?active=true")).First().Text("id")!;
        var closed = (await api.GetAllPagesAsync($"/api/integrations/{integration.Id}/jobs?active=false")).First();
        using (var stranger = new ConsoleSession(fixture.Gateway.BaseAddress))
        {
            Assert.Equal(HttpStatusCode.Redirect, (await stranger.Http.GetAsync(page)).StatusCode);
        }
        using var browser = await SignedInAsync();
        var empty = await browser.PageAsync(page);
        Assert.Contains("<strong class=\"selection-mode\">ALL</strong>", empty);
        Assert.Contains("No job is chosen", empty);

        await api.SendJsonAsync(HttpMethod.Put, selection, new { mode = "SELECTED", job_ids = new[] { active, closed.Text("id") } });
        var shown = WebUtility.HtmlDecode(await browser.PageAsync(page));
        Assert.Contains("<strong class=\"selection-mode\">SELECTED</strong>", shown);
        Assert.Contains($"{active} ·", shown);
        // The closed job is selected but not active: listed with its lifecycle state as the reason.
        Assert.Matches($"<td>[^<]*<div class=\"sub\">{Regex.Escape(closed.Text("id")!)}</div></td><td>{closed.GetProperty("lifecycle").Text("state")}</td>", shown);

        Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostFormAsync(page, $"{page}?handler=Mode", new() { ["mode"] = "ALL" }, withToken: false)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync(page, $"{page}?handler=Mode", new() { ["mode"] = "ALL" })).StatusCode);
        Assert.Contains("The job selection's mode is ALL.", WebUtility.HtmlDecode(await browser.PageAsync(page)));
        var stored = await api.GetJsonAsync(selection);
        Assert.Equal("ALL", stored.Text("mode"));
        Assert.Equal(2, stored.GetProperty("job_ids").GetArrayLength());
        await browser.PostFormAsync(page, $"{page}?handler=Mode", new() { ["mode"] = "SOME" });
        Assert.Contains("Refused (400): mode must be one of", WebUtility.HtmlDecode(await browser.PageAsync(page)));

        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync(page, $"{page}?handler=Unchoose", new() { ["job_id"] = active })).StatusCode);
        Assert.Contains($"Job {active} is no longer chosen.", WebUtility.HtmlDecode(await browser.PageAsync(page)));
        Assert.Equal([closed.Text("id")], (await api.GetJsonAsync(selection)).GetProperty("job_ids").EnumerateArray().Select(j => j.GetString()));
    }

    [Fact]
    public async Task The_assets_ship_with_the_gateway()
    {
        var http = fixture.Gateway.Http;
        var css = await http.GetAsync("/console/assets/console.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/console/assets/console.js")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/console/assets/other.js")).StatusCode);
    }
}
