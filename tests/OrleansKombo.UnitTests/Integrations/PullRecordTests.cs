using OrleansKombo.Catalog;
using OrleansKombo.Grains.Integrations;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Grains.Sync;

namespace OrleansKombo.UnitTests.Integrations;

/// <summary>
/// The history row a pull keeps in the state (issue 15): one per pull, its progress moved by every committed page, ended
/// by a setback with Kombo's code, carried on by the same pull resuming, and ended again when the pull succeeds.
/// </summary>
public sealed class PullRecordTests
{
    [Fact]
    public void A_pull_s_row_follows_its_pages_a_setback_the_resumption_and_the_end()
    {
        var rig = new IntegrationRig();
        rig.Pulls.Start(rig.State, PullMode.Full);
        var run = rig.State.Pull!.RunId;
        var (users, tags) = (AtsModel.PullOrder[0], AtsModel.PullOrder[1]);

        rig.Pulls.PageCommitted(rig.State, users, 0, "cursor-2", read: 250, changed: 250, notifiedThrough: 0);
        var running = rig.State.PullRecord!;
        Assert.Equal((run, PullMode.Full, PullStatus.Running, users.Name, 1, 250L), (running.RunId, running.Mode, running.Status, running.Model, running.Pages, running.RecordsRead));
        Assert.Null(running.EndedAt);

        rig.Clock.Advance(TimeSpan.FromSeconds(3));
        var error = IntegrationRig.Error(KomboErrorCodes.UnknownError, 500);
        rig.Pulls.Setback(rig.State, PullSetback.For(error), "Kombo failed", error.Code);
        var failed = rig.State.PullRecord!;
        Assert.Equal((run, PullStatus.Failed, KomboErrorCodes.UnknownError, "Kombo failed", rig.Now), (failed.RunId, failed.Status, failed.ErrorCode, failed.Error, failed.EndedAt));

        rig.Clock.Advance(TimeSpan.FromSeconds(10));
        rig.Pulls.PageCommitted(rig.State, users, 1, null, read: 10, changed: 1, notifiedThrough: 0);
        var resumed = rig.State.PullRecord!;
        Assert.Equal((run, PullStatus.Running, (string?)null, (DateTimeOffset?)null), (resumed.RunId, resumed.Status, resumed.ErrorCode, resumed.EndedAt));
        rig.Pulls.SkipModel(rig.State, tags, IntegrationRig.Error(KomboErrorCodes.PermissionMissing, 403));
        rig.Pulls.Finish(rig.State, rig.State.Pull!, absent: 4, notifiedThrough: 0);

        var done = rig.State.PullRecord!;
        Assert.Equal((run, PullStatus.Succeeded, rig.Now, 260L, 255L, 2), (done.RunId, done.Status, done.EndedAt, done.RecordsRead, done.RecordsChanged, done.Pages));
        Assert.Equal((2, 260L, 251L), (done.Models[users.Name].Pages, done.Models[users.Name].RecordsRead, done.Models[users.Name].RecordsChanged));
        Assert.Equal(KomboErrorCodes.PermissionMissing, done.Models[tags.Name].Skipped);
    }

    [Fact]
    public void The_next_pull_gets_a_row_of_its_own()
    {
        var rig = new IntegrationRig();
        rig.PullCompletely(PullMode.Full);
        var first = rig.State.PullRecord!.RunId;

        rig.Pulls.Start(rig.State, PullMode.Delta);

        Assert.NotEqual(first, rig.State.PullRecord!.RunId);
        Assert.Equal((PullMode.Delta, PullStatus.Running, 0), (rig.State.PullRecord.Mode, rig.State.PullRecord.Status, rig.State.PullRecord.Pages));
    }

    [Fact]
    public void Deleting_the_integration_ends_its_running_pull_s_row()
    {
        var rig = new IntegrationRig();
        rig.Pulls.Start(rig.State, PullMode.Full);

        rig.Rules.Deleted(rig.State, rig.Deleted(rig.Now));

        Assert.Equal(PullStatus.Failed, rig.State.PullRecord!.Status);
        Assert.Equal(rig.Now, rig.State.PullRecord.EndedAt);
    }
}
