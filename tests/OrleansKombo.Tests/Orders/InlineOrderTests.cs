using System.Net;
using System.Text.Json;
using OrleansKombo.Tests.Api;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Orders;

/// <summary>
/// Inline orders (Kombo's inline guide, ../shared/kombo/README.md §4): answered 200 with exactly
/// <c>{"assessment_url": "&lt;link&gt;"}</c>, the same link for every repeat; the ATS redirects the candidate at once,
/// so the order is INVITED with invitation channel INLINE and, by default, no email is queued.
/// </summary>
[Collection(KomboClusterCollection.Name)]
public sealed class InlineOrderTests(KomboCluster fixture)
{
    private HttpClient Api => fixture.Gateway.Api;

    private static Task<long> OutboxRowsAsync(string orderId) =>
        TestDatabase.ScalarAsync<long>("SELECT count(*) FROM invitation_outbox WHERE order_id = @id", ("id", orderId));

    private static string AssessmentUrl(string body)
    {
        var answer = JsonDocument.Parse(body).RootElement;
        Assert.Equal(["assessment_url"], answer.EnumerateObject().Select(p => p.Name));
        return answer.GetProperty("assessment_url").GetString()!;
    }

    [Fact]
    public async Task An_inline_order_is_invited_at_once_through_the_redirect_and_not_emailed()
    {
        var integration = await Assessments.OfferingAsync(fixture);

        var order = await Assessments.OrderAsync(integration, MailSink.NewAddress(), inline: true);

        Assert.Equal(200, order.Webhook!.StatusCode);
        var link = AssessmentUrl(order.Webhook.ResponseBody!);
        Assert.StartsWith($"https://assessments.example.com/take/{order.Id}?token=", link);
        var details = await Assessments.DetailsAsync(Api, order.Id);
        Assert.Equal("INVITED", details.Status());
        Assert.True(details.GetProperty("inline").GetBoolean());
        Assert.Equal(["RECEIVED", "INVITED"], details.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("status").GetString()));
        var invitation = details.GetProperty("invitation");
        Assert.Equal(("INLINE", "SENT", Redact.Url(link)), (invitation.GetProperty("channel").GetString(), invitation.GetProperty("status").GetString(),
            invitation.GetProperty("link").GetString()));
        Assert.NotEqual(JsonValueKind.Null, invitation.GetProperty("sent_at").ValueKind);
        Assert.Equal(0, await OutboxRowsAsync(order.Id));
    }

    [Fact]
    public async Task A_repeated_inline_order_gets_the_same_link()
    {
        var integration = await Assessments.OfferingAsync(fixture);
        var orderId = $"order_{Guid.NewGuid():N}";
        var first = KomboEvents.OrderReceived(integration.Id, orderId, inline: true);

        var answers = new List<HttpResponseMessage>
        {
            await fixture.Gateway.Webhooks.SendAsync(first),
            await fixture.Gateway.Webhooks.SendAsync(first),
            await fixture.Gateway.Webhooks.SendAsync(KomboEvents.OrderReceived(integration.Id, orderId, inline: true)),
        };

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var links = new List<string>();
        foreach (var answer in answers)
        {
            links.Add(AssessmentUrl(await answer.Content.ReadAsStringAsync()));
        }
        Assert.Single(links.Distinct());
        Assert.Equal(Redact.Url(links[0]), (await Assessments.DetailsAsync(Api, orderId)).GetProperty("invitation").GetProperty("link").GetString());
    }

    [Fact]
    public async Task The_same_inline_order_delivered_as_many_new_events_at_once_gets_one_link_and_one_row()
    {
        var integration = await Assessments.OfferingAsync(fixture);
        var orderId = $"order_{Guid.NewGuid():N}";

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ =>
            fixture.Gateway.Webhooks.SendAsync(KomboEvents.OrderReceived(integration.Id, orderId, inline: true))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Select(AssessmentUrl).Distinct());
        Assert.Equal(1, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM orders WHERE id = @id", ("id", orderId)));
        Assert.Equal(0, await OutboxRowsAsync(orderId));
    }

    [Fact]
    public async Task An_inline_order_we_cannot_run_is_rejected_with_422_like_any_order()
    {
        var integration = await Assessments.OfferingAsync(fixture);

        var response = await fixture.Gateway.Webhooks.SendAsync(
            KomboEvents.OrderReceived(integration.Id, $"order_{Guid.NewGuid():N}", packageId: "pkg-nobody-offers", inline: true));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("is not one we offer", error.GetProperty("error").GetProperty("message").GetString());
    }
}
