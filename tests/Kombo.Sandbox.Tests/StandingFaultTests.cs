using System.Net;
using System.Text.Json;
using Kombo.Sandbox.Faults;
using Kombo.Sandbox.Tests.Infrastructure;

namespace Kombo.Sandbox.Tests;

/// <summary>Faults that stand until lifted: one model refused, the whole integration refused, the guide's message-only 503.</summary>
public sealed class StandingFaultTests : IntegrationTest
{
    private async Task<(HttpStatusCode Status, string Body)> Get(string path)
    {
        using var response = await Client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_denied_model_answers_403_PERMISSION_MISSING_on_every_read_of_it_and_the_others_are_served_until_it_is_lifted()
    {
        Integration.Faults.DenyModel("users");

        for (var i = 0; i < 5; i++)
        {
            var (status, body) = await Get("ats/users");
            Assert.Equal(HttpStatusCode.Forbidden, status);
            var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
            Assert.Equal("INTEGRATION.PERMISSION_MISSING", error.GetProperty("code").GetString());
        }
        foreach (var other in new[] { "ats/jobs", "ats/candidates", "ats/applications", "ats/tags", "ats/application-stages" })
        {
            Assert.Equal(HttpStatusCode.OK, (await Get(other)).Status);
        }

        Assert.Equal(1, Integration.Faults.Lift("users"));
        Assert.Equal(HttpStatusCode.OK, (await Get("ats/users")).Status);
        Assert.Empty(Integration.Faults.Rules);
    }

    [Fact]
    public async Task The_first_sync_503_without_a_code_is_the_envelope_with_only_the_guides_message()
    {
        Integration.Faults.FirstSyncPendingWithoutCode();

        var (status, body) = await Get("ats/jobs");
        var (again, _) = await Get("ats/candidates");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, again);
        var root = JsonDocument.Parse(body).RootElement;
        Assert.Equal("error", root.GetProperty("status").GetString());
        var error = root.GetProperty("error");
        Assert.Equal(["message"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal(FaultResponse.FirstSyncPendingMessage, error.GetProperty("message").GetString());
        Assert.Contains("didn't finish yet!", body);

        Integration.Faults.Lift();
        Assert.Equal(HttpStatusCode.OK, (await Get("ats/jobs")).Status);
    }

    [Fact]
    public async Task The_control_api_adds_a_standing_rule_and_lifts_it_by_model()
    {
        var control = Harness.Control;
        var (added, _) = await SandboxHarness.Send(control, HttpMethod.Post, $"integrations/{Integration.Id}/faults",
            """{"model":"users","status":403,"code":"INTEGRATION.MODEL_NOT_AVAILABLE","standing":true}""");
        Assert.Equal(HttpStatusCode.NoContent, added);
        await SandboxHarness.Send(control, HttpMethod.Post, $"integrations/{Integration.Id}/faults",
            """{"status":503,"body":"message_only","standing":true,"model":"tags"}""");

        var (_, users) = await Get("ats/users");
        Assert.Contains("INTEGRATION.MODEL_NOT_AVAILABLE", users);
        Assert.Equal(HttpStatusCode.Forbidden, (await Get("ats/users")).Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Get("ats/tags")).Status);

        using var lift = await control.DeleteAsync($"integrations/{Integration.Id}/faults/standing?model=users");
        Assert.Equal(1, JsonDocument.Parse(await lift.Content.ReadAsStringAsync()).RootElement.GetProperty("removed").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await Get("ats/users")).Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Get("ats/tags")).Status);
    }
}
