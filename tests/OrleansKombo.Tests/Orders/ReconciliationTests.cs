using System.Net;
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
    public async Task Reconciling_an_unknown_integration_is_404()
    {
        var response = await Api.PostAsync($"/api/integrations/{KomboEvents.NewIntegrationId()}/orders/reconcile", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
