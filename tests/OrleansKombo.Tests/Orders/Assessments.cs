using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kombo.Sandbox.Assessment;
using Kombo.Sandbox.Integrations;
using OrleansKombo.Tests.Api;
using OrleansKombo.Tests.Infrastructure;

namespace OrleansKombo.Tests.Orders;

/// <summary>The assessment set-up tests share: an integration that offers packages, orders, results, and reads of our API.</summary>
public static class Assessments
{
    public const string SkillsTest = "pkg-skills";
    public const string VideoInterview = "pkg-video";

    public static object Package(string id, string type = "SKILLS_TEST") =>
        new { id, type, name = $"Package {id}", description = $"<p>What {id} measures</p>" };

    public static object PackageSet(params string[] ids) => new { packages = ids.Select(id => Package(id)).ToArray() };

    /// <summary>A sandbox integration our cluster knows, offering <see cref="SkillsTest"/> and <see cref="VideoInterview"/>, pushed.</summary>
    public static async Task<SandboxIntegration> OfferingAsync(KomboCluster fixture, IntegrationSpec? spec = null)
    {
        var integration = fixture.Sandbox.CreateIntegration(spec ?? new IntegrationSpec { Ready = true });
        await KnownAsync(integration.Id);
        await PutPackagesAsync(fixture.Gateway.Api, integration.Id, PackageSet(SkillsTest, VideoInterview));
        await PushedAsync(fixture.Gateway.Api, integration.Id, "DONE");
        return integration;
    }

    /// <summary>Waits until the integration's grain has its row (integration-created has been handled).</summary>
    public static Task KnownAsync(string integrationId) => Poll.UntilAsync(
        async () => await TestDatabase.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM integrations WHERE id = @id)", ("id", integrationId)),
        "the integration is known");

    public static async Task PutPackagesAsync(HttpClient api, string integrationId, object body)
    {
        var response = await api.PutAsJsonAsync($"/api/integrations/{integrationId}/packages", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PUT packages: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static Task<JsonElement> PackagesAsync(HttpClient api, string integrationId) => api.GetJsonAsync($"/api/integrations/{integrationId}/packages");

    /// <summary>Waits until the package push has <paramref name="status"/> and returns the set as GET shows it then.</summary>
    public static async Task<JsonElement> PushedAsync(HttpClient api, string integrationId, string status, TimeSpan? timeout = null)
    {
        JsonElement set = default;
        await Poll.UntilAsync(async () => (set = await PackagesAsync(api, integrationId)).GetProperty("push") is { ValueKind: JsonValueKind.Object } push
                && push.GetProperty("status").GetString() == status,
            $"the package push is {status}", timeout);
        return set;
    }

    public static Task<AssessmentOrder> OrderAsync(SandboxIntegration integration, string email, string packageId = SkillsTest,
        bool inline = false, bool deliver = true, string? jobRemoteId = null, string? phone = null) =>
        integration.CreateOrderAsync(new OrderSpec
        {
            PackageId = packageId,
            CandidateEmail = email,
            FirstName = "Ada",
            LastName = "Lovelace",
            Phone = phone,
            CandidateRemoteId = "cand-1",
            ApplicationRemoteId = "app-1",
            JobRemoteId = jobRemoteId ?? "job-1",
            JobName = "Analyst",
            Inline = inline,
            DeliverWebhook = deliver,
        });

    public static Task<JsonElement> DetailsAsync(HttpClient api, string orderId) => api.GetJsonAsync($"/api/orders/{orderId}");

    public static string Status(this JsonElement order) => order.GetProperty("status").GetString()!;

    public static async Task<JsonElement> WaitForAsync(HttpClient api, string orderId, Func<JsonElement, bool> condition, string what,
        TimeSpan? timeout = null)
    {
        JsonElement order = default;
        await Poll.UntilAsync(async () => condition(order = await DetailsAsync(api, orderId)), $"order {orderId}: {what}", timeout);
        return order;
    }

    public static Task<JsonElement> InvitedAsync(HttpClient api, string orderId, TimeSpan? timeout = null) =>
        WaitForAsync(api, orderId, o => o.Status() == "INVITED", "the candidate is invited", timeout);

    public static Task<JsonElement> WrittenBackAsync(HttpClient api, string orderId, TimeSpan? timeout = null) =>
        WaitForAsync(api, orderId, o => o.GetProperty("write_back") is { ValueKind: JsonValueKind.Object } w && w.GetProperty("status").GetString() != "PENDING",
            "the write-back is finished", timeout);

    /// <summary>Kombo's example result body (../shared/kombo/examples), with a real completion time.</summary>
    public static object Result(double score = 90) => new
    {
        status = "COMPLETED",
        score,
        max_score = 100,
        result_url = "https://assessments.example.com/results/1",
        completed_at = "2026-04-04T10:00:00.000Z",
        attributes = new object[]
        {
            new { type = "TEXT", label = "Role fit", value = "Excellent" },
            new { type = "SUB_RESULT", id = "personality", label = "Personality test", score = new { value = 97, max = 100 }, status = "COMPLETED" },
        },
        attachments = new[]
        {
            new { name = "Assessment Report.pdf", data = "SGkgdGhlcmUsIEtvbWJvIGlzIGN1cnJlbnRseSBoaXJpbmcu", content_type = "application/pdf" },
        },
    };

    public static Task<HttpResponseMessage> PostResultAsync(HttpClient api, string orderId, object result) =>
        api.PostAsJsonAsync($"/api/orders/{orderId}/result", result);

    public static async Task AcceptedAsync(this Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
