namespace Kombo.Sandbox.Webhooks;

/// <summary>How an event's delivery ended after all attempts.</summary>
public sealed record WebhookOutcome(string EventId, string Type, int Attempts, int? StatusCode, string? ResponseBody, string? Error)
{
    public bool Delivered => StatusCode is >= 200 and < 300;

    public bool Rejected => StatusCode == 422;
}
