namespace OrleansKombo.Gateway.Webhooks;

/// <summary>
/// One row of <c>webhook_inbox</c>. <see cref="Body"/> is the minimised JSON, or null when the body was not JSON or has
/// been purged (<see cref="BodyPurgedAt"/>); the hash and size of the body as signed stay with the row.
/// </summary>
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
    string? Body,
    byte[]? BodySha256,
    int? BodyBytes,
    DateTimeOffset? BodyPurgedAt);
