using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kombo.Sandbox.Integrations;
using Kombo.Sandbox.Recording;
using OrleansKombo.Tests.Api;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Orders;

[Collection(KomboClusterCollection.Name)]
public sealed class PackageTests(KomboCluster fixture)
{
    private HttpClient Api => fixture.Gateway.Api;

    private async Task<SandboxIntegration> KnownIntegrationAsync()
    {
        var integration = fixture.Sandbox.CreateIntegration(new IntegrationSpec { Ready = true });
        await Assessments.KnownAsync(integration.Id);
        return integration;
    }

    private static int PackageWrites(SandboxIntegration integration) => integration.Assessment.Writes.Count(w => w.Kind == "packages");

    [Fact]
    public async Task A_package_set_is_stored_pushed_to_kombo_and_shown_with_kombos_warnings()
    {
        var integration = await KnownIntegrationAsync();
        integration.Assessment.WriteWarnings = ["Package descriptions are shown as plain text in this ATS."];

        await Assessments.PutPackagesAsync(Api, integration.Id, Assessments.PackageSet("pkg-a", "pkg-b"));

        var set = await Assessments.PushedAsync(Api, integration.Id, "DONE");
        Assert.Equal(["pkg-a", "pkg-b"], set.GetProperty("packages").EnumerateArray().Ids());
        Assert.Equal("Package descriptions are shown as plain text in this ATS.", set.GetProperty("push").GetProperty("warnings")[0].GetString());
        Assert.Equal(["pkg-a", "pkg-b"], integration.Assessment.Packages.Select(p => p.Id));
        using var sent = JsonDocument.Parse(integration.Assessment.Writes.Single(w => w.Kind == "packages").Body);
        Assert.Equal("SKILLS_TEST", sent.RootElement.GetProperty("packages")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_new_set_replaces_the_old_one_and_lists_the_packages_it_dropped_as_withdrawn()
    {
        var integration = await KnownIntegrationAsync();
        await Assessments.PutPackagesAsync(Api, integration.Id, Assessments.PackageSet("pkg-a", "pkg-b"));

        await Assessments.PutPackagesAsync(Api, integration.Id, Assessments.PackageSet("pkg-b", "pkg-c"));

        var set = await Assessments.PushedAsync(Api, integration.Id, "DONE");
        Assert.Equal(["pkg-a"], set.GetProperty("withdrawn").EnumerateArray().Select(e => e.GetString()));
        await Poll.UntilAsync(() => integration.Assessment.Packages.Select(p => p.Id).SequenceEqual(["pkg-b", "pkg-c"]), "Kombo has the new set");
    }

    [Theory]
    [InlineData("""{"packages":[{"id":"p","type":"ASSESSMENT","name":"n","description":"d"}]}""", "type must be one of")]
    [InlineData("""{"packages":[{"id":"p","type":"SKILLS_TEST","name":"n"}]}""", "packages[0].description is required")]
    [InlineData("""{"packages":[{"id":"p","type":"SKILLS_TEST","name":"n","description":"d"},{"id":"p","type":"BEHAVIORAL","name":"m","description":"e"}]}""", "more than once")]
    [InlineData("""{"package":[]}""", "packages")]
    [InlineData("""not json""", "not JSON")]
    public async Task A_set_kombo_would_refuse_is_answered_400_naming_the_problem(string body, string mentions)
    {
        var integration = await KnownIntegrationAsync();

        var response = await Api.PutAsync($"/api/integrations/{integration.Id}/packages", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(mentions, await response.ErrorMessageAsync());
        Assert.Equal(0, PackageWrites(integration));
    }

    [Fact]
    public async Task Packages_of_an_unknown_integration_are_404()
    {
        var response = await Api.PutAsJsonAsync($"/api/integrations/{KomboEvents.NewIntegrationId()}/packages", Assessments.PackageSet("p"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_push_kombo_fails_is_retried_until_kombo_acknowledges_it()
    {
        var integration = await KnownIntegrationAsync();
        // Eight refusals: the Kombo client's own retries (six after the first try) use up seven and give up, so only the
        // assessment grain's retry gets through. Each says Retry-After: 1 s, which the client and the grain both honour,
        // so no exponential backoff is waited out, and a throttle never opens the client's circuit breaker.
        integration.Faults.FailWrites(8, 429, retryAfterSeconds: 1, kind: "packages");

        await Assessments.PutPackagesAsync(Api, integration.Id, Assessments.PackageSet("pkg-a"));

        var push = (await Assessments.PushedAsync(Api, integration.Id, "DONE", TimeSpan.FromSeconds(60))).GetProperty("push");
        Assert.Null(push.GetProperty("last_error").GetString());
        Assert.Equal(["pkg-a"], integration.Assessment.Packages.Select(p => p.Id));
        Assert.Empty(integration.Faults.Rules);
        // Two tries of the grain: the first the client gave up on after seven refusals, the second got through.
        Assert.Equal(2, push.GetProperty("attempts").GetInt32());
        var puts = fixture.Sandbox.Requests.Query(new RequestQuery { IntegrationId = integration.Id, Method = "PUT", PathPrefix = "/v1/assessment/packages" });
        Assert.Equal([.. Enumerable.Repeat(429, 8), 200], puts.Select(r => r.Status));
    }

    [Fact]
    public async Task The_set_is_pushed_again_when_the_integration_becomes_active()
    {
        var integration = await KnownIntegrationAsync();
        await Assessments.PutPackagesAsync(Api, integration.Id, Assessments.PackageSet("pkg-a"));
        await Assessments.PushedAsync(Api, integration.Id, "DONE");
        await integration.SetStateAsync(state: "INVALID");
        var before = PackageWrites(integration);

        await integration.SetStateAsync(state: "ACTIVE");

        await Poll.UntilAsync(() => PackageWrites(integration) > before, "the set is pushed again");
        await Assessments.PushedAsync(Api, integration.Id, "DONE");
    }

    [Fact]
    public async Task A_permanent_refusal_fails_the_push_with_kombos_message()
    {
        var integration = await KnownIntegrationAsync();
        integration.Faults.FailWrites(1, 400, "PLATFORM.INPUT_INVALID", kind: "packages");

        await Assessments.PutPackagesAsync(Api, integration.Id, Assessments.PackageSet("pkg-a"));

        var set = await Assessments.PushedAsync(Api, integration.Id, "FAILED");
        Assert.Contains("PLATFORM.INPUT_INVALID", set.GetProperty("push").GetProperty("last_error").GetString());
    }
}
