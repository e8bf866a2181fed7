using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kombo.Sandbox.Data;
using Kombo.Sandbox.Integrations;
using OrleansKombo.Tests.Infrastructure;
using OrleansKombo.Tests.Sync;

namespace OrleansKombo.Tests.Jobs;

/// <summary>What the job selection, search, link and access tests share: a synced sandbox integration and JSON calls.</summary>
public static class JobsRig
{
    public static readonly GeneratorScale Scale = new() { Jobs = 40, Candidates = 5, Applications = 5, Users = 8, Tags = 2 };

    /// <summary>A sandbox integration whose first sync has been pulled.</summary>
    public static async Task<SandboxIntegration> SyncedAsync(KomboCluster fixture, GeneratorScale? scale = null, int? seed = null)
    {
        var since = DateTimeOffset.UtcNow;
        var integration = fixture.Sandbox.CreateIntegration(new IntegrationSpec { Scale = scale ?? Scale, Seed = seed ?? Random.Shared.Next() });
        await integration.FinishSync().Webhooks;
        await SyncedData.PullSucceededAsync(fixture.Grains, integration.Id, since);
        return integration;
    }

    /// <summary>Finishes a sync in the sandbox and waits for its pull.</summary>
    public static async Task SyncAsync(KomboCluster fixture, SandboxIntegration integration)
    {
        var since = DateTimeOffset.UtcNow;
        await integration.FinishSync().Webhooks;
        await SyncedData.PullSucceededAsync(fixture.Grains, integration.Id, since);
    }

    /// <summary>The sandbox's job as Kombo serves it.</summary>
    public static JsonElement Job(SandboxIntegration integration, string id) =>
        JsonDocument.Parse(integration.RecordJson(SandboxModel.Jobs, id)!).RootElement;

    /// <summary>The live jobs whose <paramref name="field"/> is a non-empty string.</summary>
    public static List<(string Id, string Value)> LiveJobsWith(SandboxIntegration integration, string field) =>
        integration.Records(SandboxModel.Jobs).Where(r => !r.Deleted)
            .Select(r => (r.Id, Value: Job(integration, r.Id).GetProperty(field)))
            .Where(j => j.Value.ValueKind == JsonValueKind.String && j.Value.GetString()!.Length > 0)
            .Select(j => (j.Id, j.Value.GetString()!))
            .ToList();

    public static async Task<JsonElement> SendJsonAsync(this HttpClient api, HttpMethod method, string path, object? body = null,
        HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        var response = await api.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement;
    }

    public static string? Text(this JsonElement element, string property) =>
        element.GetProperty(property) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
