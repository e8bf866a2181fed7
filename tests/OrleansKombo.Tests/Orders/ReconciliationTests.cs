using System.Net;
using OrleansKombo.Assessment;
using OrleansKombo.Integrations;
using OrleansKombo.Tests.Api;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Orders;

[Collection(KomboClusterCollection.Name)]
public sealed class ReconciliationTests(KomboCluster fixture)
{
    private HttpClient Api => fixture.Gateway.Api;

    private async Task ReconcileAsync(string integrationId)
    {
        var response = await Api.PostAsync($"/api/integrations/{integrationId}/orders/reconcile", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private Task<long> AssessmentRemindersAsync(string integrationId) => TestDatabase.ScalarAsync<long>(
        "SELECT count(*) FROM orleansreminderstable WHERE serviceid = @service AND remindername = 'assessment' AND grainid LIKE '%' || @key",
        ("service", fixture.Cluster.ServiceId), ("key", integrationId));

    [Fact]
    public async Task A_missed_order_is_found_by_reconciliation_and_the_candidate_invited_once()
    {
        var integration = await Assessments.OfferingAsync(fixture);
        var email = MailSink.NewAddress();
        var missed = await Assessments.OrderAsync(integration, email, deliver: false);
        var received = await Assessments.OrderAsync(integration, MailSink.NewAddress());
        await Assessments.InvitedAsync(Api, received.Id);

        await ReconcileAsync(integration.Id);

        var order = await Assessments.InvitedAsync(Api, missed.Id);
        Assert.Equal("RECONCILIATION", order.GetProperty("source").GetString());
        Assert.Equal(email, order.GetProperty("candidate").GetProperty("email").GetString());
        Assert.Single(await MailSink.MessagesToAsync(email));
        // Reconciling again finds the same OPEN orders and leaves them be.
        await ReconcileAsync(integration.Id);
        await Poll.UntilAsync(() => CapturedLogs.All.Count(l => l.Contains(integration.Id) && l.Contains("reconciled")) >= 2, "the second reconciliation ran");
        Assert.Single(await MailSink.MessagesToAsync(email));
        Assert.Equal(1, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM invitation_outbox WHERE order_id = @id", ("id", missed.Id)));
    }

    [Fact]
    public async Task A_missed_order_we_would_reject_is_flagged_for_an_operator_not_dropped()
    {
        var integration = await Assessments.OfferingAsync(fixture);
        var missed = await Assessments.OrderAsync(integration, MailSink.NewAddress(), packageId: "pkg-nobody-offers", deliver: false);

        await ReconcileAsync(integration.Id);

        var order = await Assessments.WaitForAsync(Api, missed.Id, o => o.Status() == "REJECTED", "flagged");
        Assert.Contains("is not one we offer", order.GetProperty("operator_flag").GetString());
        var flagged = await Api.GetAllPagesAsync($"/api/integrations/{integration.Id}/orders?flagged=true");
        Assert.Equal([missed.Id], flagged.Ids());
    }

    [Fact]
    public async Task Reconciliation_waits_while_the_integration_is_not_active_and_flags_nothing()
    {
        var integration = await Assessments.OfferingAsync(fixture);
        await integration.SetStateAsync(state: "INACTIVE");
        await Poll.UntilAsync(async () => (await Api.GetJsonAsync($"/api/integrations/{integration.Id}")).GetProperty("state").GetString() == "INACTIVE",
            "the integration is INACTIVE");
        var missed = await Assessments.OrderAsync(integration, MailSink.NewAddress(), deliver: false);

        await ReconcileAsync(integration.Id);

        await Poll.UntilAsync(() => CapturedLogs.All.Any(l => l.Contains(integration.Id) && l.Contains("reconciliation waits until it is active")),
            "the reconciliation was skipped");
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync($"/api/orders/{missed.Id}")).StatusCode);
    }

    [Fact]
    public async Task The_assessment_reminder_of_a_deleted_integration_stops_at_its_next_tick()
    {
        var integration = await Assessments.OfferingAsync(fixture);
        Assert.Equal(1, await AssessmentRemindersAsync(integration.Id));
        await fixture.Gateway.Webhooks.SendAsync(KomboEvents.IntegrationDeleted(integration.Id));
        await Poll.UntilAsync(async () => (await fixture.Grains.GetGrain<IIntegrationGrain>(integration.Id).GetStatus()).State == IntegrationLifecycle.Deleted,
            "the integration is deleted");

        // The tick the reminder service would deliver within the minute.
        await fixture.Grains.GetGrain<IAssessmentGrain>(integration.Id).AsReference<IRemindable>().ReceiveReminder("assessment", default);

        Assert.Equal(0, await AssessmentRemindersAsync(integration.Id));
    }

    [Fact]
    public async Task Reconciling_an_unknown_integration_is_404()
    {
        var response = await Api.PostAsync($"/api/integrations/{KomboEvents.NewIntegrationId()}/orders/reconcile", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
