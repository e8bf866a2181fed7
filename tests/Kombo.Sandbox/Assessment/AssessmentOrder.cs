using System.Text.Json.Serialization;

namespace Kombo.Sandbox.Assessment;

/// <summary>An order as <c>GET /assessment/orders</c> returns it, plus what the sandbox keeps about it.</summary>
public sealed class AssessmentOrder
{
    /// <summary>Kombo's order statuses (openapi.json, <c>GET /assessment/orders</c>).</summary>
    public static IReadOnlyList<string> Statuses { get; } = ["OPEN", "COMPLETED", "CANCELLED", "REJECTED"];

    public required string Id { get; init; }
    public required string PackageId { get; init; }
    public string Status { get; set; } = "OPEN";
    public required OrderCandidate Candidate { get; init; }
    public required OrderApplication Application { get; init; }
    public required OrderJob Job { get; init; }

    [JsonIgnore]
    public string IntegrationId { get; init; } = "";

    [JsonIgnore]
    public DateTime CreatedAt { get; init; }

    [JsonIgnore]
    public long Sequence { get; init; }

    [JsonIgnore]
    public bool Inline { get; init; }

    /// <summary>The last accepted result body, exactly as received.</summary>
    [JsonIgnore]
    public string? ResultJson { get; set; }

    /// <summary>How the order webhook ended; null when it was not sent (a "missed" order).</summary>
    [JsonIgnore]
    public Webhooks.WebhookOutcome? Webhook { get; set; }

    /// <summary>
    /// An inline order's link, where the ATS redirects the candidate: <c>assessment_url</c> from the receiver's 2xx
    /// answer <c>{"assessment_url": "https://…"}</c> (Kombo's inline guide); null when the answer had no absolute
    /// http(s) URL there, or for other orders.
    /// </summary>
    [JsonIgnore]
    public string? AssessmentUrl { get; set; }
}
