using System.Net;
using System.Text.Json;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Api;

/// <summary>
/// Issue 15: support finds "the integration of customer X": GET /api/integrations filters by health, state, setup and q
/// (the id, end_user.origin_id, part of end_user.organization_name), and shows Kombo's end_user, setup_status, qa_status
/// and log_url where Kombo sent them.
/// </summary>
[Collection(KomboClusterCollection.Name)]
public sealed class IntegrationSearchTests(KomboCluster fixture)
{
    private HttpClient Api => fixture.Gateway.Api;

    /// <summary>An integration of a customer of its own (the shared test events all name Acme GmbH).</summary>
    private async Task<(string Id, string Organisation, string OriginId)> CustomerAsync(string organisation)
    {
        var id = KomboEvents.NewIntegrationId();
        var origin = $"origin-{Guid.NewGuid():N}";
        var response = await fixture.Gateway.Webhooks.SendAsync(KomboEvents.Envelope("integration-created", new
        {
            id,
            tool = "greenhouse",
            category = "ATS",
            end_user = new { organization_name = organisation, creator_email = "it@example.com", origin_id = origin },
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (id, organisation, origin);
    }

    private async Task<List<string>> FindAsync(string query) => (await Api.GetAllPagesAsync($"/api/integrations?page_size=250&{query}")).Ids();

    [Fact]
    public async Task Q_finds_an_integration_by_part_of_its_organisation_name_in_any_case_by_origin_id_and_by_id()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var customer = await CustomerAsync($"Müller & Söhne {tag} GmbH");
        var other = await CustomerAsync($"Schmidt {tag} AG");

        Assert.Equal([customer.Id], await FindAsync($"q={Uri.EscapeDataString($"müller & SÖHNE {tag}")}"));
        Assert.Equal(new[] { customer.Id, other.Id }.Order(), (await FindAsync($"q={tag}")).Order());
        Assert.Equal([customer.Id], await FindAsync($"q={customer.OriginId}"));
        Assert.Equal([other.Id], await FindAsync($"q={Uri.EscapeDataString(other.Id)}"));
        // LIKE's wildcards are literal characters here; part of an origin_id finds nothing.
        Assert.Empty(await FindAsync($"q={Uri.EscapeDataString($"%{tag}_")}"));
        Assert.Empty(await FindAsync($"q={customer.OriginId[..12]}"));
    }

    [Fact]
    public async Task Health_state_and_setup_filter_by_comma_lists_and_combine_with_q()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var healthy = await CustomerAsync($"Healthy {tag}");
        var broken = await CustomerAsync($"Broken {tag}");
        var ended = DateTimeOffset.UtcNow;
        // Without end_user (as Kombo's syncing guide prints it): the customer's name stays the one integration-created sent.
        await fixture.Gateway.Webhooks.SendAsync(KomboEvents.Envelope("sync-finished", new
        {
            sync_id = $"sync_{Guid.NewGuid():N}", sync_state = "AUTHENTICATION_FAILED", sync_started_at = ended.AddMinutes(-1),
            sync_ended_at = ended, integration_id = broken.Id, integration_tool = "greenhouse", integration_category = "ATS",
        }));
        var inactive = await CustomerAsync($"Paused {tag}");
        await fixture.Gateway.Webhooks.SendAsync(KomboEvents.Envelope("integration-state-changed", new
        {
            integration_tool = "greenhouse", integration_id = inactive.Id, integration_category = "ATS", state = "INACTIVE", updated_at = ended,
        }));
        await Poll.UntilAsync(async () => (await FindAsync($"q={tag}&state=INACTIVE")).Count == 1, "the inactive integration is listed as INACTIVE");

        Assert.Equal([broken.Id], await FindAsync($"q={tag}&health=NEEDS_CUSTOMER_ACTION"));
        Assert.Equal(new[] { healthy.Id, inactive.Id }.Order(), (await FindAsync($"q={tag}&health=OK,DEGRADED")).Order());
        Assert.Equal([inactive.Id], await FindAsync($"q={tag}&state=INACTIVE"));
        Assert.Equal(new[] { healthy.Id, broken.Id }.Order(), (await FindAsync($"q={tag}&state=ACTIVE&setup=PENDING_FIRST_SYNC")).Order());
        Assert.Empty(await FindAsync($"q={tag}&setup=READY"));
    }

    [Theory]
    [InlineData("health=FINE")]
    [InlineData("state=active")]
    [InlineData("setup=READY,SOON")]
    [InlineData("setup=,")]
    public async Task A_filter_value_the_api_does_not_show_is_400_naming_the_parameter(string query)
    {
        var response = await Api.GetAsync($"/api/integrations?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(query.Split('=')[0], await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_q_longer_than_200_characters_is_400() =>
        Assert.Equal(HttpStatusCode.BadRequest, (await Api.GetAsync($"/api/integrations?q={new string('a', 201)}")).StatusCode);

    [Fact]
    public async Task The_detail_and_the_list_show_kombo_s_end_user_setup_status_qa_status_and_log_url()
    {
        var customer = await CustomerAsync($"Detail {Guid.NewGuid():N}");
        var bare = (await Api.GetJsonAsync($"/api/integrations/{customer.Id}"));
        Assert.Equal(JsonValueKind.Null, bare.GetProperty("qa_status").ValueKind);
        Assert.Equal(JsonValueKind.Null, bare.GetProperty("log_url").ValueKind);

        await fixture.Gateway.Webhooks.SendAsync(KomboEvents.IntegrationStateChanged(customer.Id, "ACTIVE", DateTimeOffset.UtcNow));
        await fixture.Gateway.Webhooks.SendAsync(KomboEvents.SyncFinished(customer.Id, "FAILED"));
        JsonElement detail = default;
        await Poll.UntilAsync(async () =>
        {
            detail = await Api.GetJsonAsync($"/api/integrations/{customer.Id}");
            return detail.GetProperty("log_url").ValueKind == JsonValueKind.String && detail.GetProperty("qa_status").ValueKind == JsonValueKind.String;
        }, "the detail shows what Kombo sent");

        Assert.Equal("PASSED", detail.GetProperty("qa_status").GetString());
        Assert.Equal("COMPLETED", detail.GetProperty("setup_status").GetString());
        Assert.Equal("https://app.kombo.dev/env/test/logs/x", detail.GetProperty("log_url").GetString());
        // The sync-finished's end_user (the shared test one) replaced the one integration-created sent.
        var endUser = detail.GetProperty("end_user");
        Assert.Equal("Acme GmbH", endUser.GetProperty("organization_name").GetString());
        Assert.Equal("acme-1", endUser.GetProperty("origin_id").GetString());
        var listed = (await Api.GetJsonAsync($"/api/integrations?q={Uri.EscapeDataString(customer.Id)}")).GetProperty("results")[0];
        Assert.Equal("acme-1", listed.GetProperty("end_user").GetProperty("origin_id").GetString());
    }
}
