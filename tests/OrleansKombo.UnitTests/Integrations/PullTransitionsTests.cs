using CsCheck;
using OrleansKombo.Grains.Integrations;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Integrations;
using OrleansKombo.Webhooks;
using OrleansKombo.Catalog;

namespace OrleansKombo.UnitTests.Integrations;

public sealed class PullTransitionsTests
{
    [Fact]
    public void A_delta_reads_from_the_watermark_and_moves_it_to_its_own_start_minus_the_overlap()
    {
        var rig = new IntegrationRig();
        rig.PullCompletely(PullMode.Full);
        var watermark = rig.State.Watermark;
        rig.Clock.Advance(TimeSpan.FromHours(1));
        rig.Rules.DataChanged(rig.State, rig.DataChanged());

        rig.Pulls.Start(rig.State, PullMode.Delta);
        var pull = rig.State.Pull!;
        Assert.Equal((watermark, false, (DateTimeOffset?)null), (pull.UpdatedAfter, pull.MarksAbsentDeleted, rig.State.PullRequestedAt));
        rig.Clock.Advance(TimeSpan.FromMinutes(2));
        rig.Pulls.Finish(rig.State, pull, absent: 0, notifiedThrough: 42);

        Assert.Equal(pull.StartedAt - rig.Options.Overlap, rig.State.Watermark);
        Assert.Equal((PullStatus.Succeeded, 42L), (rig.State.LastPull!.Status, rig.State.ChangesNotifiedThroughSeq));
        Assert.Null(rig.Next());
    }

    [Fact]
    public void Only_a_full_read_after_the_first_marks_what_it_did_not_see_as_deleted()
    {
        var rig = new IntegrationRig();

        rig.Pulls.Start(rig.State, PullMode.Full);
        Assert.False(rig.State.Pull!.MarksAbsentDeleted);
        rig.Pulls.Finish(rig.State, rig.State.Pull, absent: 0, notifiedThrough: 0);

        rig.Pulls.Start(rig.State, PullMode.Full);
        Assert.True(rig.State.Pull!.MarksAbsentDeleted);
        Assert.Null(rig.State.Pull.UpdatedAfter);
    }

    [Fact]
    public void Each_page_moves_the_checkpoint_and_makes_the_integration_ready()
    {
        var rig = new IntegrationRig();
        rig.Pulls.Start(rig.State, PullMode.Full);

        rig.Pulls.PageCommitted(rig.State, AtsModel.Users, 0, "cursor-2", read: 250, changed: 250, notifiedThrough: 7);
        rig.Pulls.PageCommitted(rig.State, AtsModel.Users, 1, null, read: 10, changed: 0, notifiedThrough: 7);

        var pull = rig.State.Pull!;
        Assert.Equal((1, null, 260L, 250L), (pull.ModelIndex, pull.Cursor, pull.RecordsRead, pull.RecordsChanged));
        Assert.Equal((SetupPhase.Ready, PullStatus.Running, 260L), (rig.State.Setup, rig.State.LastPull!.Status, rig.State.LastPull.RecordsRead));
        Assert.Equal(ModelStatus.Ok, rig.State.Models["users"].Status);
    }

    [Fact]
    public void A_model_Kombo_refuses_is_skipped_keeps_its_last_good_watermark_and_catches_up_from_it()
    {
        var rig = new IntegrationRig();
        rig.PullCompletely(PullMode.Full);
        var lastGood = rig.State.Watermark;
        rig.Clock.Advance(TimeSpan.FromMinutes(30));

        rig.Pulls.Start(rig.State, PullMode.Delta);
        var before = rig.Pulls.SkipModel(rig.State, AtsModel.Users, IntegrationRig.Error(KomboErrorCodes.PermissionMissing, 403));
        Assert.Equal(ModelStatus.Ok, before!.Status);
        for (var i = 1; i < AtsModel.PullOrder.Count; i++)
        {
            rig.Pulls.PageCommitted(rig.State, AtsModel.PullOrder[i], i + 1, null, 1, 1, 0);
        }
        rig.Pulls.Finish(rig.State, rig.State.Pull!, 0, 0);

        var users = rig.State.Models["users"];
        Assert.Equal((ModelStatus.Unavailable, KomboErrorCodes.PermissionMissing, lastGood), (users.Status, users.Code, users.Watermark));
        Assert.NotEqual(lastGood, rig.State.Watermark);
        Assert.Equal(IntegrationHealth.Ok, rig.State.Health);

        // Not due again for about an hour: a pull in between skips it without asking Kombo.
        rig.Pulls.Start(rig.State, PullMode.Delta);
        Assert.False(rig.Rules.ShouldRead(rig.State, AtsModel.Users, rig.State.Pull!, null));
        Assert.True(rig.Rules.ShouldRead(rig.State, AtsModel.Users, rig.State.Pull!, "half-read"));
        rig.Clock.Advance(IntegrationStateMachine.UnavailableModelRetry);
        Assert.True(rig.Rules.ShouldRead(rig.State, AtsModel.Users, rig.State.Pull!, null));
        Assert.Equal(lastGood, rig.Rules.UpdatedAfter(rig.State, AtsModel.Users, rig.State.Pull!));
        Assert.Equal(rig.State.Pull!.UpdatedAfter, rig.Rules.UpdatedAfter(rig.State, AtsModel.Jobs, rig.State.Pull!));

        var recovered = rig.Pulls.PageCommitted(rig.State, AtsModel.Users, 1, null, 3, 3, 0);
        Assert.Equal(KomboErrorCodes.PermissionMissing, recovered!.Code);
        Assert.Equal(ModelStatus.Ok, rig.State.Models["users"].Status);
    }

    [Fact]
    public void A_sync_finished_makes_refused_models_worth_asking_again_at_once()
    {
        var rig = new IntegrationRig();
        rig.Pulls.Start(rig.State, PullMode.Full);
        rig.Pulls.SkipModel(rig.State, AtsModel.Users, IntegrationRig.Error(KomboErrorCodes.ModelNotAvailable, 403));
        rig.Pulls.Finish(rig.State, rig.State.Pull!, 0, 0);

        rig.Rules.SyncFinished(rig.State, rig.SyncFinished(SyncStates.Succeeded));
        rig.Pulls.Start(rig.State, PullMode.Delta);

        Assert.True(rig.State.Pull!.RetryUnavailable);
        Assert.True(rig.Rules.ShouldRead(rig.State, AtsModel.Users, rig.State.Pull, null));
    }

    [Fact]
    public void When_Kombo_refuses_every_model_the_customer_must_act()
    {
        var rig = new IntegrationRig();
        rig.Pulls.Start(rig.State, PullMode.Full);
        foreach (var model in AtsModel.PullOrder)
        {
            rig.Pulls.SkipModel(rig.State, model, IntegrationRig.Error(KomboErrorCodes.PermissionMissing, 403));
        }

        Assert.Equal(IntegrationHealth.NeedsCustomerAction, rig.State.Health);
        Assert.Contains("refuses every model", rig.State.HealthReason);
    }

    [Fact]
    public void Deletion_ends_a_pull_between_two_of_its_pages()
    {
        var rig = new IntegrationRig();
        rig.Pulls.Start(rig.State, PullMode.Full);
        rig.Rules.Deleted(rig.State, rig.Deleted(rig.Now));

        Assert.Throws<OperationCanceledException>(() => rig.Pulls.PageCommitted(rig.State, AtsModel.Users, 1, null, 1, 1, 0));
        Assert.Throws<OperationCanceledException>(() => rig.Pulls.SkipModel(rig.State, AtsModel.Users, null));
        Assert.False(rig.Pulls.Gone(rig.State, IntegrationRig.Error(KomboErrorCodes.IntegrationNotFound, 404)));
    }

    [Fact]
    public void Whatever_Kombo_sends_in_whatever_order_deleted_stays_final_and_every_state_has_a_health()
    {
        var rig = new IntegrationRig();
        string[] states = ["ACTIVE", "INACTIVE", "INVALID", "DELETED", "SOMETHING_NEW"];
        string[] syncStates = [SyncStates.Succeeded, SyncStates.PartiallyFailed, SyncStates.Cancelled, SyncStates.Failed, SyncStates.TimedOut,
            SyncStates.AuthenticationFailed, "NEW_STATE"];
        var step = Gen.Select(Gen.Int[0, 6], Gen.Int[0, 6], Gen.Int[-120, 120]);

        step.List[1, 40].Sample(steps =>
        {
            var s = new IntegrationState { Id = IntegrationRig.Id };
            var deleted = false;
            foreach (var (kind, pick, minutes) in steps)
            {
                var at = rig.Now + TimeSpan.FromMinutes(minutes);
                _ = kind switch
                {
                    0 => rig.Rules.Created(s, new IntegrationCreated(IntegrationRig.Id, "greenhouse", "ATS", null)),
                    1 => rig.Rules.StateChanged(s, rig.StateChanged(states[pick % states.Length], at)),
                    2 => rig.Rules.SyncFinished(s, rig.SyncFinished(syncStates[pick % syncStates.Length], endedAt: at)),
                    3 => rig.Rules.DataChanged(s, rig.DataChanged()),
                    4 => rig.Rules.OperatorPull(s),
                    5 => rig.Rules.Revive(s),
                    _ => rig.Rules.Deleted(s, rig.Deleted(at)),
                };
                deleted |= kind == 6;

                Assert.Equal(deleted, s.State == IntegrationLifecycle.Deleted);
                Assert.True(Enum.IsDefined(s.Health));
                if (deleted)
                {
                    Assert.Null(rig.Rules.NextWork(s, stored: true));
                }
            }
        });
    }
}
