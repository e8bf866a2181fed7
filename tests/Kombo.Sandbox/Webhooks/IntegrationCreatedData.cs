namespace Kombo.Sandbox.Webhooks;

public sealed record IntegrationCreatedData(string Id, string Tool, string Category, EndUser EndUser);
