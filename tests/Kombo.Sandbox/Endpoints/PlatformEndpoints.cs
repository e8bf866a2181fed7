using System.Text.Json;
using Kombo.Sandbox.Integrations;
using Microsoft.AspNetCore.Http;

namespace Kombo.Sandbox.Endpoints;

/// <summary>
/// <c>GET /v1/check-api-key</c>, <c>POST /v1/force-sync</c>, <c>GET /v1/integrations/{id}</c>, and Kombo's error shape
/// for unknown <c>/v1</c> paths.
/// </summary>
public static class PlatformEndpoints
{
    public static RouteGroupBuilder MapPlatform(this RouteGroupBuilder v1)
    {
        v1.MapGet("/check-api-key", () => KomboGate.Success(new { environment_id = "sandbox-environment", customer_id = "sandbox-customer" }));
        // Queues a sync (see SandboxIntegration.RequestSync); the sandbox syncs only when the control API finishes one.
        v1.MapPost("/force-sync", ForceSyncAsync);
        v1.MapGet("/integrations/{integrationId}", (SandboxState state, string integrationId) =>
            state.Find(integrationId) is { } integration
                ? KomboGate.Success(IntegrationDetails.From(integration))
                : KomboError.IntegrationNotFound(integrationId));
        v1.MapFallback(() => new KomboError(404, null, "This endpoint does not exist in the Kombo sandbox.", "Not found."));
        return v1;
    }

    /// <summary>The body is optional; <c>type</c> is <c>FULL</c> (Kombo's default) or <c>DELTA</c>.</summary>
    private static async Task<IResult> ForceSyncAsync(HttpContext context, SandboxState state)
    {
        if (KomboGate.Resolve(context, state, out var integration) is { } error)
        {
            return error;
        }
        using var reader = new StreamReader(context.Request.Body);
        var raw = await reader.ReadToEndAsync(context.RequestAborted);
        var type = "FULL";
        if (raw.Trim().Length > 0)
        {
            try
            {
                using var body = JsonDocument.Parse(raw);
                if (body.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return KomboError.InputInvalid("The body must be a JSON object.");
                }
                if (body.RootElement.TryGetProperty("type", out var requested))
                {
                    if (requested.ValueKind != JsonValueKind.String || requested.GetString() is not ("FULL" or "DELTA"))
                    {
                        return KomboError.InputInvalid($"'type' must be \"FULL\" or \"DELTA\", not {requested.GetRawText()}.");
                    }
                    type = requested.GetString()!;
                }
            }
            catch (JsonException e)
            {
                return KomboError.InputInvalid("The body is not valid JSON: " + e.Message);
            }
        }
        return KomboGate.Success(integration.RequestSync(type));
    }
}
