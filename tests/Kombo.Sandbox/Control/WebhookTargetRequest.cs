namespace Kombo.Sandbox.Control;

public sealed record WebhookTargetRequest(string? Url, string? Secret);
