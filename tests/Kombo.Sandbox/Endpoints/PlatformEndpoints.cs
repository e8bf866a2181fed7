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
        // Accepted and recorded; the sandbox syncs only when the control API finishes a sync.
        v1.MapPost("/force-sync", (HttpContext context, SandboxState state) =>
            KomboGate.Resolve(context, state, out var integration) is { } error
                ? error
                : KomboGate.Success(new { already_queued = false, sync_id = integration.NextSyncId, type = "FULL" }));
        v1.MapGet("/integrations/{integrationId}", (SandboxState state, string integrationId) =>
            state.Find(integrationId) is { } integration
                ? KomboGate.Success(IntegrationDetails.From(integration))
                : KomboError.IntegrationNotFound(integrationId));
        v1.MapFallback(() => new KomboError(404, null, "This endpoint does not exist in the Kombo sandbox.", "Not found."));
        return v1;
    }
}
