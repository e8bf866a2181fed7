using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrleansKombo.Gateway.Webhooks;
using OrleansKombo.Tests.Api;
using OrleansKombo.Tests.Infrastructure;
using OrleansKombo.Tests.Orders;

namespace OrleansKombo.Tests.Webhooks;

/// <summary>
/// Requirement 2 of issue 14 on the webhook and order paths: characters PostgreSQL refuses (U+0000, lone surrogates) are
/// removed from what Kombo sends and refused with 400 in what our API takes, never a 5xx loop; and one row PostgreSQL
/// refuses in the inbox's batched insert fails alone.
/// </summary>
[Collection(KomboClusterCollection.Name)]
public sealed class WebhookPoisonTests(KomboCluster fixture)
{
    [Fact]
    public async Task An_order_whose_candidate_name_has_nul_is_decided_and_kept_without_it()
    {
        var integration = await Assessments.OfferingAsync(fixture);
        var orderId = $"order_{Guid.NewGuid():N}";
        var eventId = KomboEvents.NewId();
        var body = $$$"""
            {"id":"{{{eventId}}}","type":"assessment:order-received","data":{"id":"{{{orderId}}}","integration_id":"{{{integration.Id}}}",
             "package_id":"{{{Assessments.SkillsTest}}}","status":"OPEN",
             "candidate":{"email":"{{{MailSink.NewAddress("nul")}}}","first_name":"Ada\u0000","last_name":"Love\ud800lace"},
             "job":{"remote_id":"job-1","name":"Ana\u0000lyst"} } }
            """;

        var first = await fixture.Gateway.Webhooks.SendRawAsync(body);
        var again = await fixture.Gateway.Webhooks.SendRawAsync(body);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var order = await Assessments.InvitedAsync(fixture.Gateway.Api, orderId);
        Assert.Equal("Ada", order.GetProperty("candidate").GetProperty("first_name").GetString());
        Assert.Equal("Lovelace", order.GetProperty("candidate").GetProperty("last_name").GetString());
        Assert.Equal("Analyst", order.GetProperty("job").GetProperty("name").GetString());
        Assert.Equal("PROCESSED", await InboxRows.StatusAsync(eventId));
        Assert.Equal(1, await InboxRows.AttemptsAsync(eventId));
    }

    [Fact]
    public async Task Events_whose_id_has_nul_or_a_lone_surrogate_fail_none_of_the_events_sent_with_them()
    {
        var integration = KomboEvents.NewIntegrationId();
        var good = Enumerable.Range(0, 40).Select(_ => JsonSerializer.Serialize(KomboEvents.DataChanged(integration))).ToList();
        var prefix = KomboEvents.NewId();
        string[] bad =
        [
            $$$"""{"id":"{{{prefix}}}-nul\u0000","type":"data-changed","data":{"integration_id":"{{{integration}}}"}}""",
            $$$"""{"id":"{{{prefix}}}-lone\ud800","type":"data-changed","data":{"integration_id":"{{{integration}}}"}}""",
            $$$"""{"id":"{{{prefix}}}-low\udc00","type":"mystery\u0000","data":{"x":"\u0000"}}""",
        ];

        var answers = await Task.WhenAll(good.Concat(bad).Select(async body =>
        {
            var response = await fixture.Gateway.Webhooks.SendRawAsync(body);
            return (Body: body, Status: response.StatusCode, Text: await response.Content.ReadAsStringAsync());
        }));

        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.OK, $"{(int)a.Status} {a.Text} for {a.Body}"));
        Assert.Equal("PROCESSED", await InboxRows.StatusAsync($"{prefix}-nul"));
        Assert.Equal("PROCESSED", await InboxRows.StatusAsync($"{prefix}-lone"));
        Assert.Equal("IGNORED", await InboxRows.StatusAsync($"{prefix}-low"));
    }

    [Fact]
    public async Task A_row_postgres_refuses_fails_alone_in_the_inboxs_batched_insert()
    {
        // Straight to the inbox, past the reader that would have cleaned the id: the batch must still spare the others.
        var inbox = fixture.Gateway.Services.GetRequiredService<WebhookInbox>();
        var integration = KomboEvents.NewIntegrationId();
        var ids = Enumerable.Range(0, 60).Select(i => i == 30 ? $"{KomboEvents.NewId()}\0" : KomboEvents.NewId()).ToList();

        var inserts = ids.Select(id => Task.Run(() => inbox.TryInsertAsync(new KomboEvent(id, "data-changed", integration, null),
            StoredBody.Of("{}"u8.ToArray(), "{}"), InboxStatus.Ignored, WebhookAnswer.Ok, default))).ToList();

        var refused = await Assert.ThrowsAnyAsync<NpgsqlException>(() => inserts[30]);
        Assert.Contains("0x00", refused.Message);
        foreach (var (insert, id) in inserts.Zip(ids).Where((_, i) => i != 30))
        {
            Assert.Null(await insert);
            Assert.Equal("IGNORED", await InboxRows.StatusAsync(id));
        }
    }

    [Fact]
    public async Task A_result_with_nul_is_refused_with_400_naming_the_rule()
    {
        var response = await fixture.Gateway.Api.PostAsync($"/api/orders/order_{Guid.NewGuid():N}/result", new StringContent("""
            {"status":"COMPLETED","score":90,"max_score":100,"result_url":"https://assessments.example.com/r/1",
             "completed_at":"2026-04-04T10:00:00.000Z","attributes":[{"type":"TEXT","label":"Fit","value":"Exc\u0000ellent"}]}
            """, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("U+0000", await response.ErrorMessageAsync());
    }
}
