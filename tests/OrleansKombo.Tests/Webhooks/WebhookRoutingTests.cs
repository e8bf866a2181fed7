using System.Net;
using System.Text.Json;
using OrleansKombo.Integrations;
using OrleansKombo.Tests.Infrastructure;
using OrleansKombo.Tests.Orders;

namespace OrleansKombo.Tests.Webhooks;

[Collection(KomboClusterCollection.Name)]
public sealed class WebhookRoutingTests(KomboCluster fixture)
{
    private KomboWebhookSender Webhooks => fixture.Gateway.Webhooks;

    private Task<IntegrationStatus> StatusOf(string integration) => fixture.Grains.GetGrain<IIntegrationGrain>(integration).GetStatus();

    [Fact]
    public async Task A_successful_sync_is_recorded_and_a_delta_pull_is_requested_in_persisted_state()
    {
        var integration = KomboEvents.NewIntegrationId();

        var response = await Webhooks.SendAsync(KomboEvents.SyncFinished(integration, "SUCCEEDED", syncId: "sync-a"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = await StatusOf(integration);
        Assert.Equal("sync-a", status.LastSync?.SyncId);
        Assert.True(status.PullRequestedOrStarted());
        var stored = await TestDatabase.ScalarAsync<string>(
            "SELECT coalesce(doc->>'pull_requested_at', doc->'last_pull'->>'started_at') FROM integrations WHERE id = @id", ("id", integration));
        Assert.NotNull(stored);
    }

    [Theory]
    [InlineData("CANCELLED", IntegrationHealth.KomboIssue)]
    [InlineData("FAILED", IntegrationHealth.KomboIssue)]
    [InlineData("TIMED_OUT", IntegrationHealth.KomboIssue)]
    [InlineData("AUTHENTICATION_FAILED", IntegrationHealth.NeedsCustomerAction)]
    public async Task A_failed_sync_is_recorded_and_sets_health_as_the_syncing_guide_says(string syncState, IntegrationHealth health)
    {
        var integration = KomboEvents.NewIntegrationId();

        await Webhooks.SendAsync(KomboEvents.SyncFinished(integration, syncState));

        var status = await StatusOf(integration);
        Assert.Equal(syncState, status.LastSync?.SyncState);
        Assert.Equal(health, status.Health);
    }

    [Theory]
    [InlineData("PARTIALLY_FAILED")]
    [InlineData("SOMETHING_NEW")]
    public async Task Any_sync_state_is_recorded_as_kombo_sent_it(string syncState)
    {
        var integration = KomboEvents.NewIntegrationId();

        await Webhooks.SendAsync(KomboEvents.SyncFinished(integration, syncState));

        Assert.Equal(syncState, (await StatusOf(integration)).LastSync?.SyncState);
    }

    [Fact]
    public async Task Data_changed_requests_a_pull()
    {
        var integration = KomboEvents.NewIntegrationId();

        await Webhooks.SendAsync(KomboEvents.DataChanged(integration, "ats_jobs", "ats_candidates"));

        Assert.True((await StatusOf(integration)).PullRequestedOrStarted());
    }

    [Fact]
    public async Task An_invalid_integration_needs_customer_action_and_an_older_state_change_does_not_undo_a_newer_one()
    {
        var integration = KomboEvents.NewIntegrationId();
        var now = DateTimeOffset.UtcNow;
        await Webhooks.SendAsync(KomboEvents.IntegrationCreated(integration));

        await Webhooks.SendAsync(KomboEvents.IntegrationStateChanged(integration, "INVALID", now));
        await Webhooks.SendAsync(KomboEvents.IntegrationStateChanged(integration, "ACTIVE", now.AddMinutes(-5)));

        var status = await StatusOf(integration);
        Assert.Equal(IntegrationLifecycle.Invalid, status.State);
        Assert.Equal(IntegrationHealth.NeedsCustomerAction, status.Health);

        await Webhooks.SendAsync(KomboEvents.IntegrationStateChanged(integration, "ACTIVE", now.AddMinutes(1)));
        status = await StatusOf(integration);
        Assert.Equal(IntegrationLifecycle.Active, status.State);
        Assert.NotEqual(IntegrationHealth.NeedsCustomerAction, status.Health);
    }

    [Fact]
    public async Task After_deletion_syncs_no_longer_request_pulls()
    {
        var integration = KomboEvents.NewIntegrationId();
        await Webhooks.SendAsync(KomboEvents.IntegrationCreated(integration));

        await Webhooks.SendAsync(KomboEvents.IntegrationDeleted(integration));
        await Webhooks.SendAsync(KomboEvents.SyncFinished(integration));
        await Webhooks.SendAsync(KomboEvents.DataChanged(integration));

        var status = await StatusOf(integration);
        Assert.Equal(IntegrationLifecycle.Deleted, status.State);
        Assert.Null(status.PullRequestedAt);
        Assert.Null(status.PullInProgress);
    }

    [Fact]
    public async Task An_order_with_a_valid_email_is_accepted_with_200()
    {
        var integration = await Assessments.OfferingAsync(fixture);

        var response = await Webhooks.SendAsync(KomboEvents.OrderReceived(integration.Id, $"order_{Guid.NewGuid():N}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_order_without_an_email_is_rejected_with_422_in_kombos_shape()
    {
        var integration = await Assessments.OfferingAsync(fixture);

        var response = await Webhooks.SendAsync(KomboEvents.OrderReceived(integration.Id, $"order_{Guid.NewGuid():N}", email: null));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("error", body.GetProperty("status").GetString());
        Assert.Contains("email", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_inline_order_is_answered_with_the_candidates_link()
    {
        var integration = await Assessments.OfferingAsync(fixture);
        var order = $"order_{Guid.NewGuid():N}";

        var response = await Webhooks.SendAsync(KomboEvents.OrderReceived(integration.Id, order, inline: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["assessment_url"], answer.EnumerateObject().Select(p => p.Name));
        Assert.Contains(order, answer.GetProperty("assessment_url").GetString());
    }

    [Fact]
    public async Task The_same_order_delivered_as_a_new_event_gets_the_same_answer()
    {
        var integration = KomboEvents.NewIntegrationId();
        var order = $"order_{Guid.NewGuid():N}";

        var first = await Webhooks.SendAsync(KomboEvents.OrderReceived(integration, order, email: null));
        var second = await Webhooks.SendAsync(KomboEvents.OrderReceived(integration, order, email: "now@valid.example"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
    }

    [Fact]
    public async Task An_orders_candidate_phone_number_is_not_kept_in_the_inbox()
    {
        var envelope = KomboEvents.OrderReceived(KomboEvents.NewIntegrationId(), $"order_{Guid.NewGuid():N}");
        var id = JsonSerializer.SerializeToElement(envelope).GetProperty("id").GetString()!;

        await Webhooks.SendAsync(envelope);

        var body = await TestDatabase.ScalarAsync<string>("SELECT body FROM webhook_inbox WHERE id = @id", ("id", id));
        Assert.DoesNotContain("7946", body);
        Assert.Contains("ada@example.com", body);
    }
}
