using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Faults;
using Kombo.Sandbox.Integrations;
using Kombo.Sandbox.Tests.Infrastructure;

namespace Kombo.Sandbox.Tests;

public sealed class FaultTests : IntegrationTest
{
    protected override SandboxIntegration CreateIntegration() => Harness.Ready(GeneratorScale.Small with { Applications = 600 });

    private async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> Get(string path)
    {
        var response = await Client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    [Fact]
    public async Task Rate_limiting_answers_429_with_Retry_After_then_recovers()
    {
        Integration.Faults.RateLimit(2, retryAfterSeconds: 7);
        for (var i = 0; i < 2; i++)
        {
            var (status, body, response) = await Get("ats/jobs");
            Assert.Equal(HttpStatusCode.TooManyRequests, status);
            Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
            Assert.Contains("PLATFORM.RATE_LIMIT_EXCEEDED", body);
        }
        Assert.Equal(HttpStatusCode.OK, (await Get("ats/jobs")).Status);
    }

    [Fact]
    public async Task Rate_limiting_without_Retry_After_sends_no_header()
    {
        Integration.Faults.RateLimit(1);
        var (status, _, response) = await Get("ats/tags");
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Null(response.Headers.RetryAfter);
    }

    [Theory]
    [InlineData(500, FaultBody.Text)]
    [InlineData(502, FaultBody.Html)]
    [InlineData(503, FaultBody.Empty)]
    [InlineData(500, FaultBody.Json)]
    public async Task A_burst_of_server_errors_answers_N_times_then_recovers(int code, FaultBody body)
    {
        Integration.Faults.ServerErrors(3, code, body);
        for (var i = 0; i < 3; i++)
        {
            var (status, text, response) = await Get("ats/candidates");
            Assert.Equal((HttpStatusCode)code, status);
            if (body == FaultBody.Html)
            {
                Assert.StartsWith("<html>", text);
                Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            }
            if (body == FaultBody.Json)
            {
                Assert.Equal("error", JsonDocument.Parse(text).RootElement.GetProperty("status").GetString());
            }
        }
        Assert.Equal(HttpStatusCode.OK, (await Get("ats/candidates")).Status);
    }

    [Fact]
    public async Task Slow_pages_add_the_read_delay_to_every_page()
    {
        Integration.Faults.ReadDelay = TimeSpan.FromMilliseconds(1000);
        var watch = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await Get("ats/users")).Status);
        Assert.True(watch.ElapsedMilliseconds >= 990, $"took {watch.ElapsedMilliseconds} ms");
        Integration.Faults.Clear();
        Assert.Equal(HttpStatusCode.OK, (await Get("ats/users")).Status);
        Assert.Equal(TimeSpan.Zero, Integration.Faults.ReadDelay);
    }

    [Fact]
    public async Task A_truncated_page_is_the_real_page_cut_halfway()
    {
        Integration.Faults.MalformedPages(1, FaultBody.Truncated);
        var (status, body, _) = await Get("ats/applications?page_size=20");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("{\"status\":\"success\",\"data\":{\"next\":", body);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
        var (_, whole, _) = await Get("ats/applications?page_size=20");
        Assert.StartsWith(body, whole);
    }

    [Theory]
    [InlineData(FaultBody.InvalidJson)]
    [InlineData(FaultBody.Html)]
    public async Task A_malformed_page_answers_200_with_a_body_that_is_not_JSON(FaultBody kind)
    {
        Integration.Faults.MalformedPages(1, kind);
        var (status, body, _) = await Get("ats/jobs");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
    }

    [Fact]
    public async Task Failing_a_model_at_a_page_index_interrupts_a_pull_exactly_there()
    {
        Integration.Faults.FailReads("applications", pageIndex: 2, count: 1, status: 502);
        Assert.Equal(HttpStatusCode.OK, (await Get("ats/jobs?page_size=5")).Status);
        var (_, first, _) = await Get("ats/applications?page_size=100");
        var cursor = JsonDocument.Parse(first).RootElement.GetProperty("data").GetProperty("next").GetString();
        var (_, second, _) = await Get($"ats/applications?page_size=100&cursor={cursor}");
        cursor = JsonDocument.Parse(second).RootElement.GetProperty("data").GetProperty("next").GetString();
        Assert.Equal(HttpStatusCode.BadGateway, (await Get($"ats/applications?page_size=100&cursor={cursor}")).Status);
        var (retry, third, _) = await Get($"ats/applications?page_size=100&cursor={cursor}");
        Assert.Equal(HttpStatusCode.OK, retry);
        Assert.Equal(100, JsonDocument.Parse(third).RootElement.GetProperty("data").GetProperty("results").GetArrayLength());
    }

    [Fact]
    public async Task More_than_30_writes_in_flight_get_429_CONCURRENCY_LIMIT_EXCEEDED()
    {
        var applicationId = Integration.Records(SandboxModel.Applications).First(a => !a.Deleted).Id;
        async Task<(HttpStatusCode StatusCode, string Body)> Write(int i)
        {
            using var content = new StringContent($"{{\"content\":\"note {i}\",\"content_type\":\"PLAIN_TEXT\"}}", Encoding.UTF8, "application/json");
            using var response = await Client.PostAsync($"ats/applications/{applicationId}/notes", content);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        List<Task<(HttpStatusCode StatusCode, string Body)>> held;
        (HttpStatusCode StatusCode, string Body)[] beyond;
        using (Integration.Faults.HoldWrites())
        {
            held = Enumerable.Range(0, 30).Select(Write).ToList();
            await Eventually.True(() => Integration.WritesInFlight == 30, "30 writes in flight");
            beyond = await Task.WhenAll(Enumerable.Range(30, 10).Select(Write));
        }
        var results = (await Task.WhenAll(held)).Concat(beyond).ToList();
        Assert.Equal(30, results.Count(r => r.StatusCode == HttpStatusCode.OK));
        var limited = results.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(10, limited.Count);
        Assert.All(limited, r => Assert.Contains("PLATFORM.CONCURRENCY_LIMIT_EXCEEDED", r.Body));
        Assert.Equal(30, Integration.Assessment.Writes.Count(w => w.Kind == "note"));
    }

    [Fact]
    public async Task Reads_are_exempt_from_the_write_concurrency_limit()
    {
        var applicationId = Integration.Records(SandboxModel.Applications).First(a => !a.Deleted).Id;
        HttpResponseMessage[] reads;
        List<Task<HttpResponseMessage>> writes;
        using (Integration.Faults.HoldWrites())
        {
            writes = Enumerable.Range(0, 30).Select(i => Client.PostAsync($"ats/applications/{applicationId}/notes",
                new StringContent($"{{\"content\":\"note {i}\",\"content_type\":\"PLAIN_TEXT\"}}", Encoding.UTF8, "application/json"))).ToList();
            await Eventually.True(() => Integration.WritesInFlight == 30, "the write limit filled");
            reads = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Client.GetAsync("ats/tags")));
        }
        await Task.WhenAll(writes);
        Assert.All(reads, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }

    [Theory]
    [InlineData(429, null)]
    [InlineData(500, null)]
    [InlineData(400, "PLATFORM.INPUT_INVALID")]
    public async Task The_next_N_writes_fail_with_the_chosen_status_and_code(int code, string? komboCode)
    {
        Integration.Faults.FailWrites(2, code, komboCode);
        var applicationId = Integration.Records(SandboxModel.Applications).First(a => !a.Deleted).Id;
        const string link = "{\"label\":\"Report\",\"url\":\"https://vendor.example/r/1\"}";
        for (var i = 0; i < 2; i++)
        {
            var (status, body) = await SandboxHarness.Send(Client, HttpMethod.Post, $"ats/applications/{applicationId}/result-links", link);
            Assert.Equal((HttpStatusCode)code, status);
            if (komboCode is not null)
            {
                Assert.Equal(komboCode, body.GetProperty("error").GetProperty("code").GetString());
            }
        }
        Assert.Equal(HttpStatusCode.OK, (await SandboxHarness.Send(Client, HttpMethod.Post, $"ats/applications/{applicationId}/result-links", link)).Status);
        Assert.Single(Integration.Assessment.Writes, w => w.Kind == "result-link");
    }

    [Fact]
    public async Task A_write_fault_of_one_kind_hits_only_that_kind_of_write()
    {
        Integration.Faults.FailWrites(1, 500, kind: "result");
        var applicationId = Integration.Records(SandboxModel.Applications).First(a => !a.Deleted).Id;
        var (noteStatus, _) = await SandboxHarness.Send(Client, HttpMethod.Post, $"ats/applications/{applicationId}/notes", """{"content":"x","content_type":"PLAIN_TEXT"}""");
        Assert.Equal(HttpStatusCode.OK, noteStatus);
        var order = await Integration.CreateOrderAsync(new Assessment.OrderSpec { PackageId = "p", CandidateEmail = "a@example.com", DeliverWebhook = false });
        const string result = """{"status":"OPEN","result_url":"https://vendor.example/r"}""";
        Assert.Equal(HttpStatusCode.InternalServerError, (await SandboxHarness.Send(Client, HttpMethod.Put, $"assessment/orders/{order.Id}/result", result)).Status);
        Assert.Equal(HttpStatusCode.OK, (await SandboxHarness.Send(Client, HttpMethod.Put, $"assessment/orders/{order.Id}/result", result)).Status);
    }

    [Fact]
    public async Task Faults_are_per_integration()
    {
        var other = Harness.Ready();
        using var otherClient = Harness.Client(other);
        Integration.Faults.ServerErrors(5, 500);
        Assert.Equal(HttpStatusCode.OK, (await otherClient.GetAsync("ats/jobs")).StatusCode);
    }

    [Fact]
    public async Task Faults_can_be_switched_on_listed_and_cleared_through_the_control_API()
    {
        var path = $"integrations/{Integration.Id}/faults";
        var (added, _) = await SandboxHarness.Send(Harness.Control, HttpMethod.Post, path,
            """{"scope":"reads","model":"jobs","count":2,"status":503,"body":"html","retry_after_seconds":3}""");
        Assert.Equal(HttpStatusCode.NoContent, added);
        var (_, listed) = await SandboxHarness.GetJson(Harness.Control, path);
        Assert.Equal(2, listed.GetProperty("rules")[0].GetProperty("remaining").GetInt32());
        var (status, _, response) = await Get("ats/jobs");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, (await Get("ats/tags")).Status);
        await SandboxHarness.Send(Harness.Control, HttpMethod.Put, path + "/delays", """{"read_delay_ms":50,"write_delay_ms":10}""");
        Assert.Equal(TimeSpan.FromMilliseconds(50), Integration.Faults.ReadDelay);
        using var cleared = await Harness.Control.DeleteAsync(path);
        Assert.Equal(HttpStatusCode.OK, (await Get("ats/jobs")).Status);
        Assert.Equal(TimeSpan.Zero, Integration.Faults.ReadDelay);
    }
}
