using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using Microsoft.Playwright;
using OrleansKombo.Tests.Api;
using OrleansKombo.Tests.Infrastructure;
using OrleansKombo.Tests.Jobs;
using OrleansKombo.Tests.Orders;
using OrleansKombo.Tests.Sync;

namespace OrleansKombo.Tests.OperatorConsole;

/// <summary>
/// Issue 15 in a real browser (Playwright driving Debian's Chromium) against the real gateway, silo and sandbox: sign in,
/// find the integration by its customer's name, open it, ask for a sync and watch the pull finish. It takes the README's
/// screenshots (docs/screenshots); a failing run saves the page under .data/test-results.
/// </summary>
[Collection(KomboClusterCollection.Name)]
public sealed class ConsoleBrowserTests(KomboCluster fixture)
{
    /// <summary>As /work/.library/env/machines/dotnet.md says Chromium runs here: headless, and nothing that calls out.</summary>
    private static readonly string[] Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OrleansKombo.sln")))
            {
                dir = dir.Parent;
            }
            return dir?.FullName ?? throw new InvalidOperationException("OrleansKombo.sln not found above the test's directory.");
        }
    }

    [BrowserFact]
    public async Task An_operator_signs_in_finds_the_customer_by_name_and_watches_a_pull_finish()
    {
        var customer = $"Hofmann Logistik {Guid.NewGuid():N}"[..26];
        var integration = fixture.Sandbox.CreateIntegration(new IntegrationSpec
        {
            Scale = new GeneratorScale { Jobs = 12, Candidates = 40, Applications = 60, Users = 5, Tags = 4 }, Seed = 15,
            EndUser = new Kombo.Sandbox.Webhooks.EndUser(customer, "it@hofmann.example", "hofmann-crm-17"),
        });
        var since = DateTimeOffset.UtcNow;
        await integration.FinishSync().Webhooks;
        await SyncedData.PullSucceededAsync(fixture.Grains, integration.Id, since);

        await SignedInAsync("", async page =>
        {
            await page.FillAsync("input[name=q]", customer.ToLowerInvariant());
            await page.ClickAsync("button:has-text('Find')");
            var link = page.Locator($"table.integrations a:has-text('{customer}')");
            await link.WaitForAsync();
            Assert.Equal(1, await page.Locator("table.integrations tbody tr").CountAsync());
            await Screenshot(page, "console-integrations.png");

            await link.ClickAsync();
            await page.WaitForSelectorAsync($"h1:has-text('{customer}')");
            var pulls = await page.Locator("table.pulls tbody tr").CountAsync();
            Assert.True(pulls >= 1);
            integration.UpdateRecords(SandboxModel.Candidates, 5);
            await page.ClickAsync("button:has-text('Sync now')");
            await page.WaitForSelectorAsync("text=A pull of the deltas was asked for.");
            await Poll.UntilAsync(async () =>
            {
                await page.ReloadAsync();
                return await page.Locator("table.pulls tbody tr").CountAsync() > pulls
                    && await page.Locator("table.pulls tbody tr").First.Locator("td").Nth(3).InnerTextAsync() == "SUCCEEDED";
            }, "the pull asked for finishes on the page");
            await Screenshot(page, "console-integration.png");
        });
    }

    [BrowserFact]
    public async Task An_operator_replays_a_webhook_resolves_an_invitation_in_doubt_and_retries_a_failed_write_back()
    {
        var integration = await Assessments.OfferingAsync(fixture);
        var failing = (await Assessments.OrderAsync(integration, MailSink.NewAddress())).Id;
        var doubtful = (await Assessments.OrderAsync(integration, MailSink.NewAddress())).Id;
        await Assessments.InvitedAsync(fixture.Gateway.Api, failing);
        await Assessments.InvitedAsync(fixture.Gateway.Api, doubtful);
        integration.Faults.FailWrites(1, 400, "PLATFORM.INPUT_INVALID", kind: "result");
        await Assessments.PostResultAsync(fixture.Gateway.Api, failing, Assessments.Result()).AcceptedAsync();
        await Assessments.WaitForAsync(fixture.Gateway.Api, failing, o => o.GetProperty("write_back") is { ValueKind: System.Text.Json.JsonValueKind.Object } w
            && w.GetProperty("status").GetString() == "FAILED", "the write-back failed");
        await TestDatabase.ScalarAsync<int>("UPDATE invitation_outbox SET status = 'IN_DOUBT', last_error = 'left in doubt by the test' WHERE order_id = @o",
            ("o", doubtful));
        var of = $"integration_id={Uri.EscapeDataString(integration.Id)}";

        await SignedInAsync("-actions", async page =>
        {
            // A webhook: one of the integration's order events, found in the inbox and replayed.
            await page.GotoAsync($"/console/webhooks?type=assessment%3Aorder-received&{of}");
            await page.ClickAsync("table.webhooks tbody tr >> a");
            await page.ClickAsync("button:has-text('Replay')");
            await page.WaitForSelectorAsync("text=Replayed: the event was handed to its grain again.");

            // The failed write-back, seen and retried.
            await page.GotoAsync($"/console/orders?write_back_failed=true&{of}");
            await page.ClickAsync($"a:has-text('{failing}')");
            await page.WaitForSelectorAsync("text=FAILED");
            await page.ClickAsync("button:has-text('Retry write-back')");
            await page.WaitForSelectorAsync("text=The write-back is being retried.");
            await Assessments.WaitForAsync(fixture.Gateway.Api, failing, o => o.GetProperty("write_back").GetProperty("status").GetString() == "DONE",
                "the retried write-back is done");

            // The invitation in doubt, resolved as delivered.
            await page.GotoAsync($"/console/orders?invitation_in_doubt=true&{of}");
            await page.ClickAsync($"a:has-text('{doubtful}')");
            await page.ClickAsync("button:has-text('Invitation delivered')");
            await page.WaitForSelectorAsync("text=The invitation is marked SENT.");
            await Assessments.WaitForAsync(fixture.Gateway.Api, doubtful, o => o.GetProperty("invitation").GetProperty("status").GetString() == "SENT",
                "the invitation is SENT");
        });
    }

    [BrowserFact]
    public async Task An_operator_links_a_vendor_job_confirms_a_candidate_and_unlinks_it()
    {
        var integration = await JobsRig.SyncedAsync(fixture);
        var open = (await fixture.Gateway.Api.GetAllPagesAsync($"/api/integrations/{integration.Id}/jobs?active=true")).First();
        var (job, name) = (open.Text("id")!, open.Text("name")!);
        var vendorJob = $"v-{Guid.NewGuid():N}"[..14];
        var links = $"/api/integrations/{integration.Id}/job-links";

        await SignedInAsync("-job-links", async page =>
        {
            // Create: a vendor job by its title alone, which offers the job of that name as a candidate.
            await page.GotoAsync($"/console/integrations/{Uri.EscapeDataString(integration.Id)}/jobs");
            await page.FillAsync("form.link-new input[name=vendor_job_id]", vendorJob);
            await page.FillAsync("form.link-new input[name=title]", name);
            await page.ClickAsync("form.link-new button:has-text('Link')");
            await page.WaitForSelectorAsync($"text=Vendor job {vendorJob} NEEDS_CONFIRMATION");
            var row = page.Locator($"table.job-links tr[data-vendor-job='{vendorJob}']");

            // Confirm: the candidate's button.
            await row.Locator($"form.candidate:has(input[name=job_id][value='{job}']) button").ClickAsync();
            await page.WaitForSelectorAsync($"text=Vendor job {vendorJob} is linked to job {job}, confirmed.");
            var linked = await fixture.Gateway.Api.GetJsonAsync($"{links}/{vendorJob}");
            Assert.Equal(("LINKED", job), (linked.Text("status"), linked.Text("job_id")));
            Assert.Contains("LINKED", await row.Locator("td").Nth(1).InnerTextAsync());

            // Unlink.
            await row.Locator("button:has-text('Unlink')").ClickAsync();
            await page.WaitForSelectorAsync($"text=Vendor job {vendorJob} is unlinked.");
            Assert.Equal(0, await row.CountAsync());
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await fixture.Gateway.Api.GetAsync($"{links}/{vendorJob}")).StatusCode);
        });
    }

    /// <summary>
    /// Runs <paramref name="steps"/> in a fresh Chromium page signed in to the console (asking for /console leads to the
    /// sign-in page); a failure leaves a screenshot under .data/test-results, named by <paramref name="tag"/>.
    /// </summary>
    private async Task SignedInAsync(string tag, Func<IPage, Task> steps)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFactAttribute.Chromium, Headless = true, Args = Args,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions
        {
            BaseURL = fixture.Gateway.BaseAddress.ToString().TrimEnd('/'), ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        page.SetDefaultTimeout(30_000);
        try
        {
            await page.GotoAsync("/console");
            await page.WaitForURLAsync("**/console/sign-in**");
            await page.FillAsync("#key", TestGateway.ApiKey);
            await page.ClickAsync("button[type=submit]");
            await page.WaitForSelectorAsync("h1:has-text('Integrations')");
            await steps(page);
        }
        catch
        {
            var failed = Path.Combine(Root, ".data", "test-results");
            Directory.CreateDirectory(failed);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(failed, $"{nameof(ConsoleBrowserTests)}{tag}-{DateTime.UtcNow:yyyyMMddHHmmss}.png"), FullPage = true });
            throw;
        }
    }

    /// <summary>
    /// The README's screenshots, taken by this test rather than drawn. A run writes them under .data/test-results, so
    /// a test run never changes committed files; <c>UPDATE_SCREENSHOTS=1</c> writes them into docs/screenshots.
    /// </summary>
    private static Task Screenshot(IPage page, string name)
    {
        var directory = Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(Root, "docs", "screenshots")
            : Path.Combine(Root, ".data", "test-results", "screenshots");
        Directory.CreateDirectory(directory);
        return page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name), FullPage = true });
    }
}
