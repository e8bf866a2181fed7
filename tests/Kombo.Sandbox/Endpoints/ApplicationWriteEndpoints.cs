using System.Text.Json;
using Kombo.Sandbox.Assessment;
using Kombo.Sandbox.Control;
using Kombo.Sandbox.Integrations;
using Microsoft.AspNetCore.Http;

namespace Kombo.Sandbox.Endpoints;

/// <summary>
/// The ATS writes: <c>POST /v1/ats/applications/{id}/{result-links,notes,attachments}</c> (stored as received),
/// <c>PUT /v1/ats/applications/{id}/stage</c> and <c>POST /v1/ats/candidates/{id}/tags</c> (stored, and applied to the
/// data: the move shows in the next delta, the tag on the candidate). Each is validated against openapi.json's request
/// schema; a write action made unavailable (<see cref="WriteActions"/>) answers <c>INTEGRATION.ACTION_NOT_AVAILABLE</c>.
/// </summary>
public static class ApplicationWriteEndpoints
{
    public static RouteGroupBuilder MapApplicationWrites(this RouteGroupBuilder v1)
    {
        Map(v1, "result-links", "result-link", WriteValidation.ResultLink);
        Map(v1, "notes", "note", WriteValidation.Note);
        Map(v1, "attachments", "attachment", WriteValidation.ApplicationAttachment);
        v1.MapPut("/ats/applications/{applicationId}/stage", (HttpContext context, SandboxState state, string applicationId) =>
            KomboGate.WriteAsync(context, state, "stage", (integration, body, raw) =>
            {
                if (Refused(integration, "stage") is { } refused)
                {
                    return refused;
                }
                if (!integration.HasApplication(applicationId))
                {
                    return KomboError.NotFound($"No application with the id '{applicationId}' exists.");
                }
                if (WriteValidation.Stage(body) is { Count: > 0 } errors)
                {
                    return KomboGate.Invalid(errors);
                }
                var stageId = body.GetProperty("stage_id").GetString()!;
                if (!integration.StageAllowed(applicationId, stageId))
                {
                    return KomboError.InputInvalid($"The stage '{stageId}' is not allowed for the job of application '{applicationId}'.");
                }
                try
                {
                    integration.MoveApplications(ids: [applicationId], stageId: stageId);
                }
                catch (ControlException e)
                {
                    return KomboError.InputInvalid(e.Message);
                }
                integration.Assessment.RecordWrite("stage", applicationId, raw, integration.Now());
                return KomboGate.WriteSuccess(integration);
            }));
        v1.MapPost("/ats/candidates/{candidateId}/tags", (HttpContext context, SandboxState state, string candidateId) =>
            KomboGate.WriteAsync(context, state, "tag", (integration, body, raw) =>
            {
                if (Refused(integration, "tag") is { } refused)
                {
                    return refused;
                }
                if (!integration.HasCandidate(candidateId))
                {
                    return KomboError.NotFound($"No candidate with the id '{candidateId}' exists.");
                }
                if (WriteValidation.Tag(body) is { Count: > 0 } errors)
                {
                    return KomboGate.Invalid(errors);
                }
                var name = body.GetProperty("tag").GetProperty("name").GetString()!;
                if (integration.FindTagId(name) is not { } tagId)
                {
                    return new KomboError(400, "REMOTE.INPUT_INVALID", $"The ATS has no tag named '{name}'.", "The ATS refused the input.");
                }
                integration.TagCandidates(candidateIds: [candidateId], tagId: tagId);
                integration.Assessment.RecordWrite("tag", candidateId, raw, integration.Now());
                return KomboGate.WriteSuccess(integration);
            }));
        return v1;
    }

    /// <summary>The action made unavailable (the customer opted out, the ATS lacks it): Kombo's answer for it.</summary>
    private static KomboError? Refused(SandboxIntegration integration, string kind) =>
        integration.WriteActionAvailable(WriteActions.IdOf(kind))
            ? null
            : new KomboError(403, "INTEGRATION.ACTION_NOT_AVAILABLE",
                $"The action '{WriteActions.IdOf(kind)}' is not available for this integration.", "Action not available.");

    private static void Map(RouteGroupBuilder v1, string path, string kind, Func<JsonElement, List<string>> validate) =>
        v1.MapPost($"/ats/applications/{{applicationId}}/{path}", (HttpContext context, SandboxState state, string applicationId) =>
            KomboGate.WriteAsync(context, state, kind, (integration, body, raw) =>
            {
                if (Refused(integration, kind) is { } refused)
                {
                    return refused;
                }
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
