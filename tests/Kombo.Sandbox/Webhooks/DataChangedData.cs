namespace Kombo.Sandbox.Webhooks;

public sealed record DataChangedData(string IntegrationId, string IntegrationTool, string IntegrationCategory, IReadOnlyList<ChangedModel> ChangedModels);
