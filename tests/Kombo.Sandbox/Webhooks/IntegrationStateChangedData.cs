namespace Kombo.Sandbox.Webhooks;

public sealed record IntegrationStateChangedData(
    string IntegrationTool,
    string IntegrationId,
    string IntegrationCategory,
    EndUser EndUser,
    string QaStatus,
    string SetupStatus,
    string State,
    DateTime UpdatedAt);
