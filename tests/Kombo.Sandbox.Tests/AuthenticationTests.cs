using System.Net;
using System.Net.Http.Headers;
using Kombo.Sandbox.Tests.Infrastructure;

namespace Kombo.Sandbox.Tests;

public sealed class AuthenticationTests : SandboxTest
{
    private static void AssertKomboError(System.Text.Json.JsonElement body, string code)
    {
        Assert.Equal("error", body.GetProperty("status").GetString());
        var error = body.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.String, error.GetProperty("message").ValueKind);
        Assert.True(error.TryGetProperty("title", out _));
        Assert.True(error.TryGetProperty("log_url", out _));
    }

    [Fact]
    public async Task A_missing_bearer_key_is_rejected_with_401_in_Kombos_error_shape()
    {
        var integration = Harness.Ready();
        using var client = new HttpClient { BaseAddress = new Uri(Harness.Sandbox.BaseUrl + "/") };
        client.DefaultRequestHeaders.Add("X-Integration-Id", integration.Id);
        var (status, body) = await SandboxHarness.GetJson(client, "ats/jobs");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        AssertKomboError(body, "PLATFORM.AUTHENTICATION_INVALID");
    }

    [Fact]
    public async Task A_wrong_bearer_key_is_rejected_with_401()
    {
        var integration = Harness.Ready();
        using var client = Harness.Client(integration);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-key");
        var (status, body) = await SandboxHarness.GetJson(client, "ats/candidates");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        AssertKomboError(body, "PLATFORM.AUTHENTICATION_INVALID");
    }

    [Theory]
    [InlineData(null, HttpStatusCode.BadRequest, "PLATFORM.INPUT_INVALID")]
    [InlineData("greenhouse:doesNotExist1234567890123", HttpStatusCode.NotFound, "PLATFORM.INTEGRATION_NOT_FOUND")]
    public async Task A_missing_or_unknown_integration_id_is_rejected_in_Kombos_error_shape(string? integrationId, HttpStatusCode expected, string code)
    {
        using var client = Harness.Sandbox.CreateClient(integrationId);
        var (status, body) = await SandboxHarness.GetJson(client, "ats/applications");
        Assert.Equal(expected, status);
        AssertKomboError(body, code);
    }

    [Fact]
    public async Task Check_api_key_needs_only_the_bearer_key()
    {
        using var client = Harness.Sandbox.CreateClient();
        var (status, body) = await SandboxHarness.GetJson(client, "check-api-key");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("success", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("data").TryGetProperty("environment_id", out _));
    }

    [Fact]
    public async Task An_unknown_v1_path_answers_404_in_Kombos_error_shape()
    {
        using var client = Harness.Sandbox.CreateClient();
        var (status, body) = await SandboxHarness.GetJson(client, "ats/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("error", body.GetProperty("status").GetString());
    }
}
