using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Webhooks;

[Collection(KomboClusterCollection.Name)]
public sealed class WebhookOperatorApiTests(KomboCluster fixture)
{
    [Fact]
    public async Task The_inbox_lists_pages_filters_and_shows_entries_with_their_raw_body()
    {
        var integration = KomboEvents.NewIntegrationId();
        for (var i = 0; i < 3; i++)
        {
            await fixture.Gateway.Webhooks.SendAsync(KomboEvents.DataChanged(integration));
        }
        await fixture.Gateway.Webhooks.SendAsync(KomboEvents.SyncFinished(integration));

        var first = await fixture.Gateway.Api.GetFromJsonAsync<JsonElement>($"/api/webhooks?integration_id={integration}&type=data-changed&page_size=2");
        var next = first.GetProperty("next").GetString();
        var second = await fixture.Gateway.Api.GetFromJsonAsync<JsonElement>($"/api/webhooks?integration_id={integration}&type=data-changed&page_size=2&cursor={next}");

        var ids = first.GetProperty("results").EnumerateArray().Concat(second.GetProperty("results").EnumerateArray())
            .Select(e => e.GetProperty("id").GetString()).ToList();
        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);

        var one = await fixture.Gateway.Api.GetFromJsonAsync<JsonElement>($"/api/webhooks/{ids[0]}");
        Assert.Equal("PROCESSED", one.GetProperty("status").GetString());
        Assert.Equal(200, one.GetProperty("answer").GetProperty("status").GetInt32());
        Assert.Equal(integration, one.GetProperty("body").GetProperty("data").GetProperty("integration_id").GetString());
    }

    [Fact]
    public async Task Replay_hands_a_recorded_event_to_its_grain_again()
    {
        var integration = KomboEvents.NewIntegrationId();
        var envelope = KomboEvents.SyncFinished(integration);
        var id = JsonSerializer.SerializeToElement(envelope).GetProperty("id").GetString()!;
        await fixture.Gateway.Webhooks.SendAsync(envelope);

        var replay = await fixture.Gateway.Api.PostAsync($"/api/webhooks/{id}/replay", null);

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(2, await InboxRows.AttemptsAsync(id));
    }

    [Theory]
    [InlineData("/api/webhooks/does-not-exist", HttpStatusCode.NotFound)]
    [InlineData("/api/webhooks?status=LOST", HttpStatusCode.BadRequest)]
    [InlineData("/api/webhooks?page_size=251", HttpStatusCode.BadRequest)]
    [InlineData("/api/webhooks?cursor=not-ours", HttpStatusCode.BadRequest)]
    public async Task Bad_requests_get_a_clear_error_in_kombos_shape(string path, HttpStatusCode expected)
    {
        var response = await fixture.Gateway.Api.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetProperty("message").GetString()));
    }

    [Fact]
    public async Task The_operator_api_refuses_requests_without_a_known_key()
    {
        var anonymous = await fixture.Gateway.Http.GetAsync("/api/webhooks");
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/webhooks") { Headers = { { "Authorization", "Bearer not-a-key-at-all-000" } } };
        var wrongKey = await fixture.Gateway.Http.SendAsync(wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
    }
}
