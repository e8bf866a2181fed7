using System.Net;
using System.Text;
using System.Text.Json;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Webhooks;

[Collection(KomboClusterCollection.Name)]
public sealed class WebhookVerificationTests(KomboCluster fixture)
{
    private KomboWebhookSender Webhooks => fixture.Gateway.Webhooks;

    [Theory]
    [InlineData(KomboWebhookSender.Encoding.Base64Url)]
    [InlineData(KomboWebhookSender.Encoding.Base64)]
    [InlineData(KomboWebhookSender.Encoding.Hex)]
    public async Task A_signature_in_base64url_base64_or_hex_is_accepted(KomboWebhookSender.Encoding encoding)
    {
        var body = JsonSerializer.Serialize(KomboEvents.DataChanged(KomboEvents.NewIntegrationId()));

        var response = await Webhooks.SendRawAsync(body, encoding);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_missing_signature_is_refused_with_401_and_not_recorded()
    {
        var envelope = KomboEvents.DataChanged(KomboEvents.NewIntegrationId());
        var body = JsonSerializer.SerializeToUtf8Bytes(envelope);

        var response = await Webhooks.SendBytesAsync(body, signature: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await InboxRows.CountAsync(IdOf(body)));
    }

    [Fact]
    public async Task A_signature_made_with_another_secret_is_refused_with_401()
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(KomboEvents.DataChanged(KomboEvents.NewIntegrationId()));

        var response = await Webhooks.SendBytesAsync(body, KomboWebhookSender.Sign("not-the-secret", body));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_refused_with_401()
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(KomboEvents.SyncFinished(KomboEvents.NewIntegrationId()));
        var signature = KomboWebhookSender.Sign(TestGateway.WebhookSecret, body);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("SUCCEEDED", "FAILED"));

        var response = await Webhooks.SendBytesAsync(tampered, signature);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await InboxRows.CountAsync(IdOf(body)));
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_400()
    {
        var response = await Webhooks.SendRawAsync("{\"id\": \"evt_1\", \"type\": ");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not JSON", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("{\"type\":\"data-changed\",\"data\":{}}", "no id")]
    [InlineData("{\"id\":\"evt_no_type\",\"data\":{}}", "no type")]
    [InlineData("{\"id\":\"\",\"type\":\"data-changed\",\"data\":{}}", "no id")]
    public async Task An_event_without_id_or_type_gets_400_naming_what_is_missing(string body, string expected)
    {
        var response = await Webhooks.SendRawAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_known_type_with_the_wrong_data_shape_gets_400_and_is_recorded_as_rejected()
    {
        var id = KomboEvents.NewId();
        var body = JsonSerializer.Serialize(KomboEvents.Envelope("sync-finished", new { integration_id = "x:1", sync_state = 7 }, id));

        var response = await Webhooks.SendRawAsync(body);
        var again = await Webhooks.SendRawAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("error", error.GetProperty("status").GetString());
        Assert.Contains("sync-finished", error.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("REJECTED", await InboxRows.StatusAsync(id));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_gets_413()
    {
        var padding = new string('x', 2 * 1024 * 1024);
        var body = JsonSerializer.Serialize(KomboEvents.Envelope("data-changed", new { padding }));

        var response = await Webhooks.SendRawAsync(body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_type_is_recorded_and_answered_200()
    {
        var id = KomboEvents.NewId();

        var response = await Webhooks.SendAsync(KomboEvents.Envelope("remote-event-received", new { anything = true }, id));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("IGNORED", await InboxRows.StatusAsync(id));
    }

    [Fact]
    public async Task A_connection_flow_failure_is_recorded_and_answered_200()
    {
        var id = KomboEvents.NewId();
        var data = new
        {
            integration_tool = "greenhouse",
            integration_category = "ATS",
            end_user = new { organization_name = "Acme", creator_email = (string?)null, origin_id = (string?)null },
            log_url = "https://app.kombo.dev/logs/1",
        };

        var response = await Webhooks.SendAsync(KomboEvents.Envelope("connection-flow-failed", data, id));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("IGNORED", await InboxRows.StatusAsync(id));
    }

    private static string IdOf(byte[] body) => JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
}
