namespace OrleansKombo.Gateway.Webhooks;

/// <summary>One row of <c>webhook_inbox</c>.</summary>
public sealed record InboxEntry(
    string Id,
    string Type,
    string? IntegrationId,
    DateTimeOffset ReceivedAt,
    string Status,
    int Attempts,
    WebhookAnswer? Answer,
    string? LastError,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? ProcessedAt,
    string Body);
