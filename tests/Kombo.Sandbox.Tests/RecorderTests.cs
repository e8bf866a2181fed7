using System.Net;
using Kombo.Sandbox.Recording;
using Kombo.Sandbox.Tests.Infrastructure;

namespace Kombo.Sandbox.Tests;

public sealed class RecorderTests : SandboxTest
{
    [Fact]
    public async Task Every_request_is_recorded_with_method_path_query_headers_body_and_status()
    {
        var integration = Harness.Ready();
        using var client = Harness.Client(integration);
        await client.GetAsync("ats/jobs?page_size=3&statuses=OPEN");
        const string packages = """{"packages":[{"id":"a","type":"SKILLS_TEST","name":"A","description":"d"}]}""";
        await SandboxHarness.Send(client, HttpMethod.Put, "assessment/packages", packages);

        var recorded = Harness.Sandbox.Requests.Query(new RequestQuery { IntegrationId = integration.Id });
        Assert.Equal(2, recorded.Count);
        var read = recorded[0];
        Assert.Equal(("GET", "/v1/ats/jobs", "?page_size=3&statuses=OPEN", 200), (read.Method, read.Path, read.Query, read.Status));
        Assert.Equal(integration.Id, read.Headers["X-Integration-Id"]);
        Assert.Equal("Bearer " + Harness.Sandbox.ApiKey, read.Headers["Authorization"]);
        Assert.Null(read.Body);
        Assert.Equal(("PUT", packages), (recorded[1].Method, recorded[1].Body));
    }

    [Fact]
    public async Task Requests_can_be_filtered_by_integration_path_and_method_and_cleared()
    {
        var a = Harness.Ready();
        var b = Harness.Ready();
        using var clientA = Harness.Client(a);
        using var clientB = Harness.Client(b);
        await clientA.GetAsync("ats/jobs");
        await clientA.GetAsync("ats/tags");
        await clientB.GetAsync("ats/jobs");
        Assert.Single(Harness.Sandbox.Requests.Query(new RequestQuery { IntegrationId = a.Id, PathPrefix = "/v1/ats/jobs" }));
        Assert.Equal(2, Harness.Sandbox.Requests.Query(new RequestQuery { PathPrefix = "/v1/ats/jobs", Method = "GET" }).Count);

        var (_, overHttp) = await SandboxHarness.GetJson(Harness.Control, $"requests?integration_id={b.Id}");
        Assert.Equal("/v1/ats/jobs", Assert.Single(overHttp.EnumerateArray()).GetProperty("path").GetString());

        using var cleared = await Harness.Control.DeleteAsync("requests");
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Empty(Harness.Sandbox.Requests.Query());
    }

    [Fact]
    public async Task Control_traffic_is_not_recorded_but_rejected_calls_are()
    {
        await Harness.Control.GetAsync("integrations");
        using var anonymous = new HttpClient { BaseAddress = new Uri(Harness.Sandbox.BaseUrl + "/") };
        await anonymous.GetAsync("ats/jobs");
        var recorded = Assert.Single(Harness.Sandbox.Requests.Query());
        Assert.Equal(401, recorded.Status);
    }
}
