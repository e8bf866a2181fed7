using Kombo.Sandbox.Integrations;
using Kombo.Sandbox.Webhooks;

namespace Kombo.Sandbox.Control;

/// <summary>An integration as the control API shows it.</summary>
public sealed record IntegrationView(
    string Id,
    string Tool,
    string Category,
    string SetupStatus,
    string State,
    string QaStatus,
    int SetupPendingStatus,
    int Seed,
    DateTime CreatedAt,
    EndUser EndUser,
    IReadOnlyDictionary<string, int> Counts,
    IReadOnlyList<string> PendingChangedModels,
    SyncView? LastSync)
{
    public static IntegrationView From(SandboxIntegration i) => new(i.Id, i.Tool, SandboxIntegration.Category, i.SetupStatus, i.State, i.QaStatus,
        i.SetupPendingStatus, i.Seed, i.CreatedAt, i.EndUser, i.LiveCounts(), i.PendingChangedModels, i.LastSync is { } s ? SyncView.From(s) : null);
}
