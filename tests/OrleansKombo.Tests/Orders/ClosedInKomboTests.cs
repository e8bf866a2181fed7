using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using Kombo.Sandbox.Recording;
using Microsoft.AspNetCore.WebUtilities;
using OrleansKombo.Tests.Api;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Orders;

/// <summary>
/// Reconciliation sees what Kombo holds for the orders we hold open, and reads a bounded number of pages per run. These
/// tests have a cluster of their own: one Kombo page per run and pages of two orders (so a reconciliation spans runs), and
/// invitations that cannot leave (the SMTP port is closed), so an order stays RECEIVED with its invitation unsent.
/// </summary>
public sealed partial class ClosedInKomboTests(ClosedInKomboTests.Fixture fixture) : IClassFixture<ClosedInKomboTests.Fixture>
{
    private const int PageSize = 2;

    public sealed class Fixture : KomboCluster
    {
        protected override IReadOnlyDictionary<string, string> SiloSettings => new Dictionary<string, string>(MailSink.SiloSettings(ClosedPort()))
        {
            ["Orders:ReconcilePagesPerRun"] = "1",
            ["Sync:PageSize"] = PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        /// <summary>A loopback port nothing listens on: every SMTP connection is refused, and the invitation is retried later.</summary>
        private static int ClosedPort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }

    /// <summary>Little ATS data, as pages of two make every record a Kombo call.</summary>
    private static readonly IntegrationSpec Small = new()
    {
        Ready = true,
        Scale = new GeneratorScale { Jobs = 1, Candidates = 1, Applications = 1, Users = 1, Tags = 1 },
    };

    [GeneratedRegex(@"reconciled (\d+) open orders in Kombo \((\d+) missed ones taken\) and (\d+) orders we hold open")]
    private static partial Regex RunLine();

    private HttpClient Api => fixture.Gateway.Api;

    private static IReadOnlyList<string> Runs(string integrationId) =>
        CapturedLogs.All.Where(l => l.Contains(integrationId) && l.Contains("reconciled ")).ToList();

    /// <summary>Runs reconciliation, one run at a time, until a run says it is complete; returns the runs' log lines.</summary>
    private async Task<IReadOnlyList<string>> ReconcileFullyAsync(string integrationId)
    {
        for (var run = 0; run < 30; run++)
        {
            var before = Runs(integrationId).Count;
            Assert.Equal(HttpStatusCode.Accepted, (await Api.PostAsync($"/api/integrations/{integrationId}/orders/reconcile", null)).StatusCode);
            await Poll.UntilAsync(() => Runs(integrationId).Count > before, "a reconciliation run ends");
            if (Runs(integrationId)[^1].Contains("reconciliation complete"))
            {
                return Runs(integrationId);
            }
        }
        throw new InvalidOperationException("Reconciliation did not complete in 30 runs.");
    }

    private IReadOnlyList<Dictionary<string, string>> OrderListCalls(string integrationId) => fixture.Sandbox.Requests
        .Query(new RequestQuery { IntegrationId = integrationId, Method = "GET", PathPrefix = "/v1/assessment/orders" })
        .Select(r => QueryHelpers.ParseQuery(r.Query).ToDictionary(p => p.Key, p => p.Value.ToString()))
        .ToList();

    [Fact]
    public async Task An_order_cancelled_in_the_ats_becomes_cancelled_here_with_its_invitation_dropped_and_nothing_written_back()
    {
        var integration = await Assessments.OfferingAsync(fixture, Small);
        var cancelled = await Assessments.OrderAsync(integration, MailSink.NewAddress());
        var open = await Assessments.OrderAsync(integration, MailSink.NewAddress());
        Assert.Contains((await Assessments.DetailsAsync(Api, cancelled.Id)).GetProperty("invitation").GetProperty("status").GetString(), new[] { "PENDING", "SENDING" });
        integration.Assessment.ChangeInAts(cancelled.Id, "CANCELLED");

        await ReconcileFullyAsync(integration.Id);

        var order = await Assessments.WaitForAsync(Api, cancelled.Id, o => o.Status() == "CANCELLED", "cancelled as in the ATS");
        Assert.Equal("CANCELLED", order.GetProperty("invitation").GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, order.GetProperty("write_back").ValueKind);
        Assert.Contains("cancelled in the ATS", order.GetProperty("history").EnumerateArray().Last().GetProperty("note").GetString());
        Assert.Equal("RECEIVED", (await Assessments.DetailsAsync(Api, open.Id)).Status());
        // Nothing more goes to Kombo for it, whoever asks.
        Assert.Equal(HttpStatusCode.Conflict, (await Assessments.PostResultAsync(Api, cancelled.Id, Assessments.Result())).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Api.PostAsync($"/api/orders/{cancelled.Id}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Api.PostAsync($"/api/orders/{cancelled.Id}/write-back/retry", null)).StatusCode);
        Assert.DoesNotContain(integration.Assessment.Writes, w => w.Kind == "result");
        // Our open orders were looked up by id, in batches of the page size, asking only for closed ones.
        var lookups = OrderListCalls(integration.Id).Where(q => q.ContainsKey("ids")).ToList();
        Assert.NotEmpty(lookups);
        Assert.All(lookups, q => Assert.Equal("COMPLETED,CANCELLED,REJECTED", q["statuses"]));
        Assert.Equal(new[] { cancelled.Id, open.Id }.Order(StringComparer.Ordinal), lookups.SelectMany(q => q["ids"].Split(',')).Order(StringComparer.Ordinal).Distinct());
        Assert.All(lookups, q => Assert.InRange(q["ids"].Split(',').Length, 1, PageSize));
    }

    [Fact]
    public async Task An_order_we_rejected_that_kombo_still_lists_as_open_and_an_open_one_kombo_completed_are_flagged()
    {
        var integration = await Assessments.OfferingAsync(fixture, Small);
        var rejected = await Assessments.OrderAsync(integration, "not-an-email");
        Assert.Equal(422, rejected.Webhook!.StatusCode);
        integration.Assessment.ChangeInAts(rejected.Id, "OPEN");
        var completedElsewhere = await Assessments.OrderAsync(integration, MailSink.NewAddress());
        integration.Assessment.ChangeInAts(completedElsewhere.Id, "COMPLETED");

        await ReconcileFullyAsync(integration.Id);

        var stillOpen = await Assessments.WaitForAsync(Api, rejected.Id, o => o.GetProperty("operator_flag").GetString() is not null, "flagged");
        Assert.Equal("REJECTED", stillOpen.Status());
        Assert.Contains("Kombo still lists it as OPEN", stillOpen.GetProperty("operator_flag").GetString());
        var completed = await Assessments.DetailsAsync(Api, completedElsewhere.Id);
        Assert.Equal("RECEIVED", completed.Status());
        Assert.Contains("Kombo lists this order as COMPLETED", completed.GetProperty("operator_flag").GetString());
        var flagged = await Api.GetAllPagesAsync($"/api/integrations/{integration.Id}/orders?flagged=true");
        Assert.Equal(new[] { rejected.Id, completedElsewhere.Id }.Order(StringComparer.Ordinal), flagged.Ids());
    }

    [Fact]
    public async Task A_reconciliation_reads_one_page_per_run_and_the_next_run_continues_where_it_stopped()
    {
        var integration = await Assessments.OfferingAsync(fixture, Small);
        var missed = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            missed.Add((await Assessments.OrderAsync(integration, MailSink.NewAddress(), deliver: false)).Id);
        }

        var runs = await ReconcileFullyAsync(integration.Id);

        // Five OPEN orders in pages of two, then five orders we hold open in batches of two: six runs of one call each.
        var counts = runs.Select(l => RunLine().Match(l)).Where(m => m.Success)
            .Select(m => (Open: int.Parse(m.Groups[1].Value), Taken: int.Parse(m.Groups[2].Value), Held: int.Parse(m.Groups[3].Value))).ToList();
        Assert.Equal(runs.Count, counts.Count);
        Assert.All(counts, c => Assert.True(c.Open + c.Held <= PageSize, $"a run read more than one page: {c}"));
        Assert.Equal(5, counts.Sum(c => c.Taken));
        Assert.Equal(5, counts.Sum(c => c.Held));
        Assert.Contains(runs, l => l.Contains("it continues at the next tick"));
        var calls = OrderListCalls(integration.Id);
        Assert.True(calls.Count <= runs.Count, $"{calls.Count} Kombo calls in {runs.Count} runs");
        Assert.All(calls, q => Assert.InRange(int.Parse(q["page_size"], System.Globalization.CultureInfo.InvariantCulture), 1, PageSize));
        Assert.Equal(3, calls.Count(q => q.GetValueOrDefault("statuses") == "OPEN"));
        Assert.Equal(2, calls.Count(q => q.ContainsKey("cursor")));
        foreach (var orderId in missed)
        {
            Assert.Equal("RECONCILIATION", (await Assessments.DetailsAsync(Api, orderId)).GetProperty("source").GetString());
        }
    }
}
