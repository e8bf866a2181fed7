using Kombo.Sandbox.Integrations;

namespace Kombo.Sandbox.Control;

public sealed record SyncView(string SyncId, string SyncState, bool SetupCompleted, IReadOnlyList<string> ChangedModels)
{
    public static SyncView From(SyncReport report) => new(report.SyncId, report.SyncState, report.SetupCompleted, report.ChangedModels);
}
