using System.Text.Json;
using Kombo.Sandbox.Assessment;
using Kombo.Sandbox.Webhooks;

namespace Kombo.Sandbox.Control;

/// <summary>
/// An order with what the sandbox knows beyond Kombo's shape: the last accepted result (<see cref="Result"/> as JSON,
/// <see cref="ResultBody"/> as the exact text received), how the order webhook ended, and an inline order's link.
/// </summary>
public sealed record OrderView(
    string Id,
    string IntegrationId,
    string PackageId,
    string Status,
    bool Inline,
    DateTime CreatedAt,
    OrderCandidate Candidate,
    OrderApplication Application,
    OrderJob Job,
    JsonElement? Result,
    string? ResultBody,
    WebhookOutcome? Webhook,
    string? AssessmentUrl)
{
    public static OrderView From(AssessmentOrder o) => new(o.Id, o.IntegrationId, o.PackageId, o.Status, o.Inline, o.CreatedAt, o.Candidate, o.Application, o.Job,
        o.ResultJson is null ? null : JsonSerializer.Deserialize<JsonElement>(o.ResultJson), o.ResultJson, o.Webhook, o.AssessmentUrl);
}
