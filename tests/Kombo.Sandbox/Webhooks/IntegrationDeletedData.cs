namespace Kombo.Sandbox.Webhooks;

public sealed record IntegrationDeletedData(string Id, string Tool, string Category, EndUser EndUser, DateTime DeletedAt);
