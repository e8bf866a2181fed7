using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kombo.Sandbox.Integrations;
using Kombo.Sandbox.Recording;
using OrleansKombo.Tests.Api;
using OrleansKombo.Tests.Infrastructure;
using OrleansKombo.UnitTests.Infrastructure;
using OrleansKombo.UnitTests.Orders;

namespace OrleansKombo.Tests.Orders;

/// <summary>
/// Kombo's own result bodies go through unchanged, and a write-back recovers: on request, by itself when the integration
/// is ACTIVE again, and without failing while the integration cannot take writes.
/// </summary>
[Collection(KomboClusterCollection.Name)]
public sealed class WriteBackRecoveryTests(KomboCluster fixture)
{
    private HttpClient Api => fixture.Gateway.Api;

    private async Task<(SandboxIntegration Integration, List<string> Orders)> InvitedOrdersAsync(int count)
    {
        var integration = await Assessments.OfferingAsync(fixture);
        var orders = new List<string>();
        for (var i = 0; i < count; i++)
        {
            orders.Add((await Assessments.OrderAsync(integration, MailSink.NewAddress())).Id);
        }
        return (integration, orders);
    }

    private Task<HttpResponseMessage> PostRawResultAsync(string orderId, string json) =>
        Api.PostAsync($"/api/orders/{orderId}/result", new StringContent(json, Encoding.UTF8, "application/json"));

    private Task<HttpResponseMessage> RetryAsync(string orderId) => Api.PostAsync($"/api/orders/{orderId}/write-back/retry", null);

    private static JsonElement WriteBack(JsonElement order) => order.GetProperty("write_back");

    private static string? WriteBackStatus(JsonElement order) =>
        order.GetProperty("write_back") is { ValueKind: JsonValueKind.Object } writeBack ? writeBack.GetProperty("status").GetString() : null;

    private IReadOnlyList<RecordedRequest> ResultWrites(SandboxIntegration integration, string orderId) => fixture.Sandbox.Requests.Query(new RequestQuery
    {
        IntegrationId = integration.Id, Method = "PUT", PathPrefix = $"/v1/assessment/orders/{orderId}/result",
    });

    private async Task SetStateAsync(SandboxIntegration integration, string state)
    {
        await integration.SetStateAsync(state: state);
        await Poll.UntilAsync(async () => (await Api.GetJsonAsync($"/api/integrations/{integration.Id}")).GetProperty("state").GetString() == state,
            $"the integration is {state}");
    }

    [SharedFileFact(SharedFiles.OpenApi)]
    public async Task Kombos_own_example_bodies_are_accepted_and_written_back_exactly()
    {
        var example = SharedFiles.Read(SharedFiles.ResultExample);
        var withRemoteFields = JsonNode.Parse(example)!.AsObject();
        withRemoteFields["remote_fields"] = new JsonObject
        {
            ["smartrecruiters"] = new JsonObject { ["scoreLabel"] = "Excellent" },
            ["recruitee"] = new JsonObject { ["subtitle"] = "Personality test" },
            ["workday"] = new JsonObject { ["assess_candidate_data"] = new JsonObject { ["overall"] = 90, ["passed"] = true } },
        };
        string[] bodies = [example, KomboResultSchema.Example, withRemoteFields.ToJsonString()];
        var (integration, orders) = await InvitedOrdersAsync(bodies.Length);

        for (var i = 0; i < bodies.Length; i++)
        {
            await PostRawResultAsync(orders[i], bodies[i]).AcceptedAsync();
        }

        for (var i = 0; i < bodies.Length; i++)
        {
            Assert.Equal("DONE", WriteBackStatus(await Assessments.WrittenBackAsync(Api, orders[i])));
            var received = integration.Assessment.FindOrder(orders[i])!.ResultJson!;
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(bodies[i]), JsonNode.Parse(received)), $"sent {bodies[i]}\nKombo got {received}");
        }
        // Ours shows the pass-through as it came.
        var shown = (await Assessments.DetailsAsync(Api, orders[2])).GetProperty("result").GetProperty("remote_fields");
        Assert.True(JsonNode.DeepEquals(withRemoteFields["remote_fields"], JsonNode.Parse(shown.GetRawText())));
    }

    [Theory]
    [InlineData("""{"status":"OPEN","result_url":"https://r.example/1","remote_fields":{"smartrecruiters":"Excellent"}}""", "remote_fields.smartrecruiters must be an object")]
    [InlineData("""{"status":"OPEN","result_url":"https://r.example/1","remote_fields":{"recruitee":{"subtitle":7}}}""", "remote_fields.recruitee.subtitle must be a string")]
    [InlineData("""{"status":"OPEN","result_url":"https://r.example/1","remote_fields":"Excellent"}""", "remote_fields must be an object")]
    [InlineData("""{"status":"OPEN","result_url":"https://r.example/1","attachments":[{"name":"a.svg","data_url":"https://r.example/a.svg","content_type":"image/svg+xml"}]}""", "content_type must match")]
    public async Task Remote_fields_and_content_types_kombo_would_refuse_are_answered_400(string body, string mentions)
    {
        var (integration, orders) = await InvitedOrdersAsync(1);

        var response = await PostRawResultAsync(orders[0], body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(mentions, await response.ErrorMessageAsync());
        Assert.Empty(ResultWrites(integration, orders[0]));
    }

    [Fact]
    public async Task A_failed_write_back_is_retried_on_request_and_only_a_failed_one_is()
    {
        var (integration, orders) = await InvitedOrdersAsync(2);
        integration.Faults.FailWrites(1, 400, "PLATFORM.INPUT_INVALID", kind: "result");
        await Assessments.PostResultAsync(Api, orders[0], Assessments.Result()).AcceptedAsync();
        Assert.Equal("FAILED", WriteBackStatus(await Assessments.WrittenBackAsync(Api, orders[0])));

        Assert.Equal(HttpStatusCode.NotFound, (await RetryAsync("no-such-order")).StatusCode);
        var nothingToRetry = await RetryAsync(orders[1]);
        Assert.Equal(HttpStatusCode.Conflict, nothingToRetry.StatusCode);
        Assert.Contains("has no result", await nothingToRetry.ErrorMessageAsync());
        using (integration.Faults.HoldWrites())
        {
            await Assessments.PostResultAsync(Api, orders[1], Assessments.Result()).AcceptedAsync();
            var pending = await RetryAsync(orders[1]);
            Assert.Equal(HttpStatusCode.Conflict, pending.StatusCode);
            Assert.Contains("is PENDING", await pending.ErrorMessageAsync());
        }

        await RetryAsync(orders[0]).AcceptedAsync();

        var writeBack = WriteBack(await Assessments.WaitForAsync(Api, orders[0], o => WriteBackStatus(o) == "DONE", "the retried write-back is done"));
        Assert.Equal(1, writeBack.GetProperty("attempts").GetInt32());
        Assert.Equal(JsonValueKind.Null, writeBack.GetProperty("last_error").ValueKind);
        Assert.Equal("COMPLETED", integration.Assessment.FindOrder(orders[0])!.Status);
        Assert.Equal([400, 200], ResultWrites(integration, orders[0]).Select(r => r.Status));
        var again = await RetryAsync(orders[0]);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("is DONE", await again.ErrorMessageAsync());
        await Assessments.WaitForAsync(Api, orders[1], o => WriteBackStatus(o) == "DONE", "the held write-back is done");
    }

    [Fact]
    public async Task Failed_write_backs_are_retried_by_themselves_when_the_integration_is_active_again()
    {
        var (integration, orders) = await InvitedOrdersAsync(2);
        integration.Faults.FailWrites(2, 400, "REMOTE.INPUT_INVALID", kind: "result");
        await Assessments.PostResultAsync(Api, orders[0], Assessments.Result()).AcceptedAsync();
        await Api.PostAsync($"/api/orders/{orders[1]}/cancel", null);
        Assert.Equal("FAILED", WriteBackStatus(await Assessments.WrittenBackAsync(Api, orders[0])));
        Assert.Equal("FAILED", WriteBackStatus(await Assessments.WrittenBackAsync(Api, orders[1])));
        await SetStateAsync(integration, "INVALID");

        await SetStateAsync(integration, "ACTIVE");

        foreach (var orderId in orders)
        {
            await Assessments.WaitForAsync(Api, orderId, o => WriteBackStatus(o) == "DONE", "the failed write-back is written again");
        }
        Assert.Equal("COMPLETED", integration.Assessment.FindOrder(orders[0])!.Status);
        Assert.Equal("CANCELLED", integration.Assessment.FindOrder(orders[1])!.Status);
    }

    [Fact]
    public async Task A_write_kombo_refuses_as_integration_inactive_waits_and_is_written_when_the_integration_is_active_again()
    {
        var (integration, orders) = await InvitedOrdersAsync(2);
        integration.Faults.FailWrites(1, 403, "INTEGRATION.INACTIVE", kind: "result");
        await Assessments.PostResultAsync(Api, orders[0], Assessments.Result()).AcceptedAsync();

        var waiting = WriteBack(await Assessments.WaitForAsync(Api, orders[0],
            o => o.GetProperty("write_back").GetProperty("last_error").GetString()?.Contains("INTEGRATION.INACTIVE") == true, "the write-back waits"));
        Assert.Equal("PENDING", waiting.GetProperty("status").GetString());
        // Writes are held now: another result waits too, without a call Kombo would refuse.
        await Assessments.PostResultAsync(Api, orders[1], Assessments.Result()).AcceptedAsync();
        await SetStateAsync(integration, "INACTIVE");
        Assert.Equal("PENDING", WriteBackStatus(await Assessments.DetailsAsync(Api, orders[1])));
        var beforeActive = fixture.Sandbox.Requests.Query(new RequestQuery { IntegrationId = integration.Id }).Last().Sequence;

        await SetStateAsync(integration, "ACTIVE");

        foreach (var orderId in orders)
        {
            var done = WriteBack(await Assessments.WaitForAsync(Api, orderId, o => WriteBackStatus(o) == "DONE", "written once the integration is active"));
            Assert.Equal(JsonValueKind.Null, done.GetProperty("last_error").ValueKind);
            Assert.Equal("COMPLETED", integration.Assessment.FindOrder(orderId)!.Status);
        }
        Assert.All(ResultWrites(integration, orders[1]), w => Assert.True(w.Sequence > beforeActive, "a held write went to Kombo before the integration was active"));
        Assert.Equal([403, 200], ResultWrites(integration, orders[0]).Select(w => w.Status));
    }
}
