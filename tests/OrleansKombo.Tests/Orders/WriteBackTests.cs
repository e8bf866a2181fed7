using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kombo.Sandbox.Recording;
using OrleansKombo.Tests.Api;
using OrleansKombo.Tests.Infrastructure;
using OrleansKombo.UnitTests.Infrastructure;

namespace OrleansKombo.Tests.Orders;

[Collection(KomboClusterCollection.Name)]
public sealed class WriteBackTests(KomboCluster fixture)
{
    private HttpClient Api => fixture.Gateway.Api;

    private async Task<(Kombo.Sandbox.Integrations.SandboxIntegration Integration, List<string> Orders)> InvitedOrdersAsync(int count)
    {
        var integration = await Assessments.OfferingAsync(fixture);
        var orders = new List<string>();
        for (var i = 0; i < count; i++)
        {
            orders.Add((await Assessments.OrderAsync(integration, MailSink.NewAddress())).Id);
        }
        return (integration, orders);
    }

    private static IEnumerable<string> Keys(JsonElement element) => element.EnumerateObject().Select(p => p.Name).Order();

    [SharedFileFact(SharedFiles.ResultExample)]
    public async Task A_result_is_stored_and_written_back_in_exactly_kombos_body_shape()
    {
        var (integration, orders) = await InvitedOrdersAsync(1);
        var orderId = orders[0];
        integration.Assessment.WriteWarnings = ["The ATS shows the score rounded."];

        await Assessments.PostResultAsync(Api, orderId, Assessments.Result()).AcceptedAsync();

        var order = await Assessments.WrittenBackAsync(Api, orderId);
        Assert.Equal("COMPLETED", order.Status());
        Assert.Equal("DONE", order.GetProperty("write_back").GetProperty("status").GetString());
        Assert.Equal("The ATS shows the score rounded.", order.GetProperty("write_back").GetProperty("warnings")[0].GetString());
        Assert.Equal(90, order.GetProperty("result").GetProperty("score").GetDouble());
        Assert.Equal("COMPLETED", integration.Assessment.FindOrder(orderId)!.Status);

        // Same keys at every level as Kombo's own example, and the same values where ours match it.
        using var example = JsonDocument.Parse(SharedFiles.Read(SharedFiles.ResultExample));
        using var sent = JsonDocument.Parse(integration.Assessment.FindOrder(orderId)!.ResultJson!);
        var (ours, theirs) = (sent.RootElement, example.RootElement);
        Assert.Equal(Keys(theirs), Keys(ours));
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(Keys(theirs.GetProperty("attributes")[i]), Keys(ours.GetProperty("attributes")[i]));
        }
        Assert.Equal(Keys(theirs.GetProperty("attachments")[0]), Keys(ours.GetProperty("attachments")[0]));
        Assert.Equal("2026-04-04T10:00:00.000Z", ours.GetProperty("completed_at").GetString());
        Assert.Equal(theirs.GetProperty("attributes")[1].GetProperty("type").GetString(), ours.GetProperty("attributes")[1].GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("""{"status":"COMPLETED","completed_at":"2026-01-01T00:00:00Z"}""", "result_url")]
    [InlineData("""{"status":"COMPLETED","result_url":"https://r.example/1"}""", "completed_at is required")]
    [InlineData("""{"status":"DONE","result_url":"https://r.example/1"}""", "status")]
    [InlineData("""{"status":"OPEN","result_url":"not a url"}""", "result_url")]
    [InlineData("""{"status":"OPEN","result_url":"https://r.example/1","attributes":[{"type":"SUB_RESULT","id":"a","label":"A","score":{"value":1,"max":0},"status":"COMPLETED"}]}""", "max: number >= 1")]
    [InlineData("""{"status":"OPEN","result_url":"https://r.example/1","attributes":[{"type":"TEXT","label":"A"}]}""", "value is required")]
    [InlineData("""{"status":"OPEN","result_url":"https://r.example/1","attachments":[{"name":"a.pdf","data":"SGk=","data_url":"https://r.example/a.pdf","content_type":"application/pdf"}]}""", "exactly one of data and data_url")]
    [InlineData("""{"status":"OPEN","result_url":"https://r.example/1","attachments":[{"name":"a.pdf","data":"SGk="}]}""", "content_type is required")]
    [InlineData("""{"status":"OPEN","result_url":"https://r.example/1","score":"high"}""", "score")]
    [InlineData("""{"status":"OPEN","result_url":"https://r.example/1","remote_fields":{"smartrecruiters":{"scoreLabel":90}}}""", "remote_fields.smartrecruiters.scoreLabel")]
    [InlineData("""{"status":"OPEN","result_url":"https://r.example/1","attachments":[{"name":"a.svg","data":"SGk=","content_type":"image/svg+xml"}]}""", "content_type")]
    [InlineData("""{"status":"OPEN","result_url":"https://r.example/1","remote_field":{}}""", "remote_field")]
    public async Task A_result_kombo_would_refuse_is_answered_400_naming_the_problem(string body, string mentions)
    {
        var (integration, orders) = await InvitedOrdersAsync(1);

        var response = await Api.PostAsync($"/api/orders/{orders[0]}/result", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(mentions, await response.ErrorMessageAsync());
        Assert.DoesNotContain(integration.Assessment.Writes, w => w.Kind == "result");
    }

    [Fact]
    public async Task Results_and_cancellations_of_unknown_orders_are_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Assessments.PostResultAsync(Api, "no-such-order", Assessments.Result())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.PostAsync("/api/orders/no-such-order/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync("/api/orders/no-such-order")).StatusCode);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    public async Task Every_result_is_written_back_through_a_storm_of_transient_failures(int status)
    {
        var (integration, orders) = await InvitedOrdersAsync(6);
        // Nine: one more and the Kombo client's circuit breaker opens, after which a count-based storm drains one
        // half-open probe per break (15 s) — slow, not wrong, and not what this test is about.
        integration.Faults.FailWrites(9, status, retryAfterSeconds: status == 429 ? 1 : null, kind: "result");

        await Task.WhenAll(orders.Select(o => Assessments.PostResultAsync(Api, o, Assessments.Result()).AcceptedAsync()));

        foreach (var orderId in orders)
        {
            var order = await Assessments.WrittenBackAsync(Api, orderId, TimeSpan.FromSeconds(90));
            Assert.Equal("DONE", order.GetProperty("write_back").GetProperty("status").GetString());
        }
        Assert.Empty(integration.Faults.Rules);
        Assert.Equal(orders.Order(), integration.Assessment.Writes.Where(w => w.Kind == "result").Select(w => w.TargetId).Order());
    }

    [Fact]
    public async Task A_permanent_refusal_fails_the_write_back_with_kombos_message()
    {
        var (integration, orders) = await InvitedOrdersAsync(1);
        integration.Faults.FailWrites(1, 400, "PLATFORM.INPUT_INVALID", kind: "result");

        await Assessments.PostResultAsync(Api, orders[0], Assessments.Result()).AcceptedAsync();

        var writeBack = (await Assessments.WrittenBackAsync(Api, orders[0])).GetProperty("write_back");
        Assert.Equal("FAILED", writeBack.GetProperty("status").GetString());
        Assert.Equal("Injected fault: HTTP 400.", writeBack.GetProperty("last_error").GetString());
        Assert.Equal(1, writeBack.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task A_refused_repeat_of_a_result_kombo_already_holds_is_done_and_a_conflicting_one_fails()
    {
        var (integration, orders) = await InvitedOrdersAsync(2);
        // What an earlier write leaves when Kombo applied it but its answer was lost: the order is no longer OPEN.
        integration.Assessment.SetStatus(integration.Assessment.FindOrder(orders[0])!, "COMPLETED");
        integration.Assessment.SetStatus(integration.Assessment.FindOrder(orders[1])!, "CANCELLED");

        await Assessments.PostResultAsync(Api, orders[0], Assessments.Result()).AcceptedAsync();
        await Assessments.PostResultAsync(Api, orders[1], Assessments.Result()).AcceptedAsync();

        var repeat = (await Assessments.WrittenBackAsync(Api, orders[0])).GetProperty("write_back");
        Assert.Equal("DONE", repeat.GetProperty("status").GetString());
        Assert.Equal(1, repeat.GetProperty("attempts").GetInt32());
        var conflict = (await Assessments.WrittenBackAsync(Api, orders[1])).GetProperty("write_back");
        Assert.Equal("FAILED", conflict.GetProperty("status").GetString());
        Assert.Contains("can only change while it is OPEN", conflict.GetProperty("last_error").GetString());
    }

    [Fact]
    public async Task No_more_than_thirty_writes_are_in_flight_for_one_integration_and_all_get_written()
    {
        var (integration, orders) = await InvitedOrdersAsync(75);
        integration.Faults.WriteDelay = TimeSpan.FromMilliseconds(400);
        var after = fixture.Sandbox.Requests.Query(new RequestQuery { IntegrationId = integration.Id }).LastOrDefault()?.Sequence ?? 0;

        await Task.WhenAll(orders.Select(o => Assessments.PostResultAsync(Api, o, Assessments.Result()).AcceptedAsync()));

        foreach (var orderId in orders)
        {
            Assert.Equal("DONE", (await Assessments.WrittenBackAsync(Api, orderId, TimeSpan.FromSeconds(60))).GetProperty("write_back").GetProperty("status").GetString());
        }
        var writes = fixture.Sandbox.Requests.Query(new RequestQuery { IntegrationId = integration.Id, Method = "PUT", After = after });
        Assert.Equal(orders.Count, writes.Count);
        Assert.DoesNotContain(writes, w => w.Status == 429);
    }

    [Fact]
    public async Task Cancelling_writes_back_cancelled_and_a_cancelled_order_takes_no_result()
    {
        var (integration, orders) = await InvitedOrdersAsync(1);

        (await Api.PostAsync($"/api/orders/{orders[0]}/cancel", null)).EnsureSuccessStatusCode();

        var order = await Assessments.WrittenBackAsync(Api, orders[0]);
        Assert.Equal("CANCELLED", order.Status());
        using var sent = JsonDocument.Parse(integration.Assessment.FindOrder(orders[0])!.ResultJson!);
        Assert.Equal("CANCELLED", sent.RootElement.GetProperty("status").GetString());
        Assert.True(sent.RootElement.TryGetProperty("completed_at", out _));
        var again = await Assessments.PostResultAsync(Api, orders[0], Assessments.Result());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task The_orders_list_pages_and_filters_by_status()
    {
        var (integration, orders) = await InvitedOrdersAsync(3);
        var rejected = await Assessments.OrderAsync(integration, "not-an-email");
        await Assessments.PostResultAsync(Api, orders[0], Assessments.Result()).AcceptedAsync();
        await Assessments.WrittenBackAsync(Api, orders[0]);

        var all = await Api.GetAllPagesAsync($"/api/integrations/{integration.Id}/orders?page_size=2");
        var completed = await Api.GetAllPagesAsync($"/api/integrations/{integration.Id}/orders?status=COMPLETED");
        var notInvited = await Api.GetAllPagesAsync($"/api/integrations/{integration.Id}/orders?status=REJECTED,RECEIVED");

        Assert.Equal(orders.Append(rejected.Id).Order(StringComparer.Ordinal), all.Ids());
        Assert.Equal([orders[0]], completed.Ids());
        Assert.Contains(rejected.Id, notInvited.Ids());
        Assert.DoesNotContain(orders[0], notInvited.Ids());
        await Api.AssertErrorAsync($"/api/integrations/{integration.Id}/orders?status=OPEN", HttpStatusCode.BadRequest, "status");
        await Api.AssertErrorAsync($"/api/integrations/{KomboEvents.NewIntegrationId()}/orders", HttpStatusCode.NotFound, "No integration");
    }
}
