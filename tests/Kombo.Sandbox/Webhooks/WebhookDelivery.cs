namespace Kombo.Sandbox.Webhooks;

/// <summary>One delivery attempt and what the receiver answered (<see cref="Error"/> when it could not be reached).</summary>
public sealed record WebhookDelivery(
    string EventId,
    string Type,
    string? IntegrationId,
    int Attempt,
    DateTime At,
    string Url,
    string Signature,
    string Body,
    int? StatusCode,
    string? ResponseBody,
    string? Error);
