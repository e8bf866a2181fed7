using System.Text.Json;
using Kombo.Sandbox.Assessment;
using Kombo.Sandbox.Integrations;
using Microsoft.AspNetCore.Http;

namespace Kombo.Sandbox.Endpoints;

/// <summary><c>POST /v1/ats/applications/{id}/{result-links,notes,attachments}</c>: validated, stored as received.</summary>
public static class ApplicationWriteEndpoints
{
    public static RouteGroupBuilder MapApplicationWrites(this RouteGroupBuilder v1)
    {
        Map(v1, "result-links", "result-link", WriteValidation.ResultLink);
        Map(v1, "notes", "note", WriteValidation.Note);
        Map(v1, "attachments", "attachment", WriteValidation.ApplicationAttachment);
        return v1;
    }

    private static void Map(RouteGroupBuilder v1, string path, string kind, Func<JsonElement, List<string>> validate) =>
        v1.MapPost($"/ats/applications/{{applicationId}}/{path}", (HttpContext context, SandboxState state, string applicationId) =>
            KomboGate.WriteAsync(context, state, kind, (integration, body, raw) =>
            {
                if (!integration.HasApplication(applicationId))
                {
                    return KomboError.NotFound($"No application with the id '{applicationId}' exists.");
                }
                if (validate(body) is { Count: > 0 } errors)
                {
                    return KomboGate.Invalid(errors);
                }
                integration.Assessment.RecordWrite(kind, applicationId, raw, integration.Now());
                return KomboGate.WriteSuccess(integration);
            }));
}
