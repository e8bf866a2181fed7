using System.Text.Json;
using Kombo.Sandbox.Faults;
using Kombo.Sandbox.Integrations;
using Microsoft.AspNetCore.Http;

namespace Kombo.Sandbox.Endpoints;

/// <summary>What every <c>/v1</c> call passes before its handler: the bearer key, the integration header, faults, the write limit.</summary>
public static class KomboGate
{
    public const string IntegrationHeader = "X-Integration-Id";

    /// <summary>Endpoint filter for the <c>/v1</c> group: 401 in Kombo's shape without the right bearer key.</summary>
    public static async ValueTask<object?> RequireApiKey(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var state = context.HttpContext.RequestServices.GetRequiredService<SandboxState>();
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        if (header != "Bearer " + state.Options.ApiKey)
        {
            return new KomboError(401, "PLATFORM.AUTHENTICATION_INVALID",
                header.Length == 0 ? "No API key was provided in the Authorization header." : "The API key is invalid.", "Authentication failed.");
        }
        return await next(context);
    }

    /// <summary>The integration named by <c>X-Integration-Id</c>, or the error Kombo answers without a usable one.</summary>
    public static KomboError? Resolve(HttpContext context, SandboxState state, out SandboxIntegration integration)
    {
        integration = null!;
        var id = context.Request.Headers[IntegrationHeader].ToString();
        if (id.Length == 0)
        {
            return KomboError.InputInvalid("The X-Integration-Id header is required.");
        }
        if (state.Find(id) is not { } found)
        {
            return KomboError.IntegrationNotFound(id);
        }
        integration = found;
        return null;
    }

    public static KomboError SetupPending(SandboxIntegration integration) =>
        new(integration.SetupPendingStatus, "INTEGRATION.SETUP_SYNC_PENDING",
            "The first sync of this integration didn't finish successfully yet! Please wait for it to finish (or for the data-changed webhook).",
            "The integration's setup sync is still running.");

    public static IResult Success(object data) => Results.Json(new { status = "success", data }, Json.SandboxJson.Options);

    public static IResult WriteSuccess(SandboxIntegration integration) =>
        Results.Json(new { status = "success", data = new { }, warnings = integration.Assessment.WriteWarnings.Select(m => new { message = m }) }, Json.SandboxJson.Options);

    /// <summary>
    /// Runs a write the way Kombo limits it: more than the limit in flight for one integration gets 429
    /// <c>PLATFORM.CONCURRENCY_LIMIT_EXCEEDED</c>; then the write delay and write faults apply (a rule's model matches
    /// <paramref name="kind"/>: packages, result, result-link, note or attachment); the body must be JSON.
    /// </summary>
    public static async Task<IResult> WriteAsync(HttpContext context, SandboxState state, string kind, Func<SandboxIntegration, JsonElement, string, IResult> handle)
    {
        if (Resolve(context, state, out var integration) is { } error)
        {
            return error;
        }
        var limit = state.Options.WriteConcurrencyLimit;
        if (!integration.TryEnterWrite(limit, out var remaining))
        {
            context.Response.Headers["Concurrency-Remaining"] = "0";
            return new KomboError(429, "PLATFORM.CONCURRENCY_LIMIT_EXCEEDED",
                $"More than {limit} write requests are in flight for this integration. Back off and retry.", "Too many concurrent requests.");
        }
        try
        {
            context.Response.Headers["Concurrency-Remaining"] = remaining.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await integration.Faults.WriteHeld.WaitAsync(context.RequestAborted);
            if (integration.Faults.WriteDelay > TimeSpan.Zero)
            {
                await Task.Delay(integration.Faults.WriteDelay, state.Options.Time, context.RequestAborted);
            }
            if (integration.Faults.Take(FaultScope.Writes, kind, null) is { } fault)
            {
                return new FaultResponse(fault);
            }
            using var reader = new StreamReader(context.Request.Body);
            var raw = await reader.ReadToEndAsync(context.RequestAborted);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(raw);
            }
            catch (JsonException e)
            {
                return KomboError.InputInvalid("The body is not valid JSON: " + e.Message);
            }
            using (document)
            {
                return handle(integration, document.RootElement, raw);
            }
        }
        finally
        {
            integration.ExitWrite();
        }
    }

    public static KomboError Invalid(IReadOnlyList<string> errors) => KomboError.InputInvalid(string.Join(" ", errors));
}
