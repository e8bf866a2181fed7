using System.Text.Json;

namespace Kombo.Sandbox.Webhooks;

/// <summary>One event, serialised once: the signature covers exactly these bytes, and every retry sends them again.</summary>
public sealed record WebhookEvent(string Id, string Type, string? IntegrationId, DateTime CreatedAt, byte[] Body)
{
    public static WebhookEvent Create(string id, string type, string? integrationId, DateTime createdAt, object data) =>
        new(id, type, integrationId, createdAt, JsonSerializer.SerializeToUtf8Bytes(new { id, type, data }, Kombo.Sandbox.Json.SandboxJson.Options));

    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);

    /// <summary>Order events are the only ones whose 422 answer means "rejected" instead of "retry".</summary>
    public bool IsOrder => Type is "assessment:order-received" or "inline-assessment:order-received";
}
