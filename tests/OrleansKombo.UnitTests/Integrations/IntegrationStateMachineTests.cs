using OrleansKombo.Grains.Integrations;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Grains.Sync;
using OrleansKombo.Integrations;
using OrleansKombo.Catalog;

namespace OrleansKombo.UnitTests.Integrations;

public sealed class IntegrationStateMachineTests
{
    [Fact]
    public void An_integration_is_read_in_full_first_and_only_once_it_is_stored()
    {
        var rig = new IntegrationRig();

        Assert.Null(rig.Rules.NextWork(rig.State, stored: false));
        Assert.Equal((PullMode.Full, TimeSpan.Zero), rig.Next());

        rig.PullCompletely(PullMode.Full);
        Assert.Null(rig.Next());
        Assert.Equal(rig.State.LastReconcileAt!.Value - rig.Options.Overlap, rig.State.Watermark);
    }

    [Theory]
    [InlineData(SyncStates.Succeeded, true, IntegrationHealth.Ok)]
    [InlineData(SyncStates.PartiallyFailed, true, IntegrationHealth.Ok)]
    [InlineData(SyncStates.Cancelled, false, IntegrationHealth.KomboIssue)]
    [InlineData(SyncStates.Failed, false, IntegrationHealth.KomboIssue)]
    [InlineData(SyncStates.TimedOut, false, IntegrationHealth.KomboIssue)]
    [InlineData(SyncStates.AuthenticationFailed, false, IntegrationHealth.NeedsCustomerAction)]
    [InlineData("SOMETHING_NEW", false, IntegrationHealth.Ok)]
    public void A_sync_finished_asks_for_a_delta_pull_only_when_Kombo_delivered(string syncState, bool pulls, IntegrationHealth health)
    {
        var rig = new IntegrationRig();
        rig.PullCompletely(PullMode.Full);
        var finished = rig.SyncFinished(syncState);

        Assert.True(rig.Rules.SyncFinished(rig.State, finished));

        Assert.Equal(pulls ? (PullMode.Delta, TimeSpan.Zero) : null, rig.Next());
        Assert.Equal(health, rig.State.Health);
        Assert.Equal(syncState, rig.State.LastSync!.SyncState);
        Assert.False(rig.Rules.SyncFinished(rig.State, finished));
    }

    [Fact]
    public void A_sync_finished_older_than_the_one_recorded_changes_nothing()
    {
        var rig = new IntegrationRig();
        Assert.True(rig.Rules.SyncFinished(rig.State, rig.SyncFinished(SyncStates.Succeeded, endedAt: rig.Now)));

        Assert.False(rig.Rules.SyncFinished(rig.State, rig.SyncFinished(SyncStates.Failed, endedAt: rig.Now - TimeSpan.FromMinutes(1))));
        Assert.Equal(SyncStates.Succeeded, rig.State.LastSync!.SyncState);
    }

    [Fact]
    public void A_webhook_never_cuts_a_failed_pull_s_backoff_short_but_an_operator_does_after_five_seconds()
    {
        var rig = new IntegrationRig();
        rig.PullCompletely(PullMode.Full);
        Assert.True(rig.Rules.DataChanged(rig.State, rig.DataChanged()));
        var failed = PullSetback.For(IntegrationRig.Error(KomboErrorCodes.UnknownError, 500));
        rig.Pulls.Setback(rig.State, failed, "Kombo failed");
        var (attempt, wait) = rig.Pulls.Setback(rig.State, failed, "Kombo failed again");

        Assert.Equal(2, attempt);
        Assert.InRange(wait, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(12));
        rig.Rules.DataChanged(rig.State, rig.DataChanged());
        Assert.Equal(wait, rig.Next()!.Value.Wait);

        Assert.True(rig.Rules.OperatorPull(rig.State));
        Assert.Equal(IntegrationStateMachine.ProbeEvery, rig.Next()!.Value.Wait);
        rig.Clock.Advance(IntegrationStateMachine.ProbeEvery);
        Assert.Equal((PullMode.Delta, TimeSpan.Zero), rig.Next());
    }

    [Fact]
    public void A_webhook_cuts_short_the_wait_for_Kombo_s_first_sync()
    {
        var rig = new IntegrationRig();
        rig.Pulls.Start(rig.State, PullMode.Full);
        var (_, wait) = rig.Pulls.Setback(rig.State, PullSetback.For(IntegrationRig.Error(KomboErrorCodes.SetupSyncPending, 503)), "not yet");
        Assert.InRange(wait, TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(18));
        Assert.Equal(PullStatus.NotReady, rig.State.LastPull!.Status);
        Assert.Equal(IntegrationHealth.Ok, rig.State.Health);

        rig.Clock.Advance(TimeSpan.FromSeconds(10));
        rig.Rules.SyncFinished(rig.State, rig.SyncFinished(SyncStates.Succeeded));

        Assert.Equal((PullMode.Full, TimeSpan.Zero), rig.Next());
    }

    [Theory]
    [InlineData(KomboErrorCodes.SetupSyncPending, 503, PullStatus.NotReady, IntegrationHealth.Ok, 15, 600)]
    [InlineData(KomboErrorCodes.SetupIncomplete, 400, PullStatus.NotReady, IntegrationHealth.NeedsCustomerAction, 15, 600)]
    [InlineData(KomboErrorCodes.QaFailed, 400, PullStatus.NotReady, IntegrationHealth.KomboIssue, 15, 600)]
    [InlineData(KomboErrorCodes.IntegrationAuthenticationInvalid, 401, PullStatus.Failed, IntegrationHealth.NeedsCustomerAction, 60, 3600)]
    [InlineData(KomboErrorCodes.AuthenticationInvalid, 401, PullStatus.Failed, IntegrationHealth.Degraded, 60, 3600)]
    [InlineData(KomboErrorCodes.UnknownError, 500, PullStatus.Failed, IntegrationHealth.Degraded, 5, 900)]
    [InlineData(KomboErrorCodes.InputInvalid, 400, PullStatus.Failed, IntegrationHealth.Degraded, 5, 900)]
    public void After_each_kind_of_error_the_pull_backs_off_as_Kombo_s_code_says_and_health_names_who_acts(
        string code, int status, string pullStatus, IntegrationHealth health, int firstSeconds, int capSeconds)
    {
        var rig = new IntegrationRig();
        rig.Pulls.Start(rig.State, PullMode.Full);
        var setback = PullSetback.For(IntegrationRig.Error(code, status));

        var waits = Enumerable.Range(1, 14).Select(_ => rig.Pulls.Setback(rig.State, setback, "refused").Wait).ToList();

        Assert.Equal((pullStatus, health, 14), (rig.State.LastPull!.Status, rig.State.Health, rig.State.FailedAttempts));
        Assert.InRange(waits[0].TotalSeconds, firstSeconds * 0.8, firstSeconds * 1.2);
        Assert.InRange(waits[^1].TotalSeconds, capSeconds * 0.8, capSeconds * 1.2);
        Assert.Equal(rig.Now + waits[^1], rig.State.RetryAt);
        Assert.Equal(PullMode.Full, rig.Next()!.Value.Mode);
    }

    [Fact]
    public void A_throttled_pull_waits_at_least_Kombo_s_Retry_After()
    {
        var rig = new IntegrationRig();
        rig.Pulls.Start(rig.State, PullMode.Full);

        var (_, wait) = rig.Pulls.Setback(rig.State,
            PullSetback.For(IntegrationRig.Error(KomboErrorCodes.RateLimitExceeded, 429, TimeSpan.FromMinutes(2))), "slow down");

        Assert.Equal(TimeSpan.FromMinutes(2), wait);
    }

    [Fact]
    public void An_integration_Kombo_does_not_know_is_not_pulled_until_a_webhook_names_it_or_an_operator_asks()
    {
        foreach (var revive in new Func<IntegrationRig, bool>[]
                 {
                     rig => rig.Rules.Revive(rig.State),
                     rig => rig.Rules.OperatorPull(rig.State),
                 })
        {
            var rig = new IntegrationRig();
            rig.Pulls.Start(rig.State, PullMode.Full);
            Assert.True(rig.Pulls.Gone(rig.State, IntegrationRig.Error(KomboErrorCodes.IntegrationNotFound, 404)));

            Assert.Null(rig.Next());
            Assert.Equal((IntegrationHealth.Degraded, PullStatus.Failed), (rig.State.Health, rig.State.LastPull!.Status));
            Assert.Equal(IntegrationStateMachine.IdleTick, IntegrationStateMachine.ReminderPeriod(rig.State));

            Assert.True(revive(rig));
            Assert.Null(rig.State.GoneSince);
            Assert.Equal(PullMode.Full, rig.Next()!.Value.Mode);
        }
    }

    [Fact]
    public void An_inactive_integration_is_not_pulled_until_Kombo_says_it_is_active_and_then_its_stopped_pull_resumes()
    {
        var rig = new IntegrationRig();
        rig.Pulls.Start(rig.State, PullMode.Full);
        rig.Pulls.PageCommitted(rig.State, AtsModel.Users, 0, "page-2", read: 250, changed: 250, notifiedThrough: 0);
        Assert.True(rig.Pulls.Inactive(rig.State, IntegrationRig.Error(KomboErrorCodes.Inactive, 403)));

        Assert.Null(rig.Next());
        Assert.Equal(IntegrationHealth.Ok, rig.State.Health);
        rig.Rules.DataChanged(rig.State, rig.DataChanged());
        Assert.Null(rig.Next());

        Assert.True(rig.Rules.StateChanged(rig.State, rig.StateChanged("ACTIVE", rig.Now)));
        Assert.Equal((PullMode.Full, TimeSpan.Zero), rig.Next());
        Assert.Equal("page-2", rig.State.Pull!.Cursor);
    }

    [Fact]
    public void State_changes_apply_in_Kombo_s_order_and_an_unknown_state_is_kept_without_changing_ours()
    {
        var rig = new IntegrationRig();
        Assert.True(rig.Rules.StateChanged(rig.State, rig.StateChanged("INVALID", rig.Now)));
        Assert.Equal(IntegrationHealth.NeedsCustomerAction, rig.State.Health);

        Assert.False(rig.Rules.StateChanged(rig.State, rig.StateChanged("ACTIVE", rig.Now - TimeSpan.FromSeconds(1))));
        Assert.Equal(IntegrationLifecycle.Invalid, rig.State.State);

        Assert.True(rig.Rules.StateChanged(rig.State, rig.StateChanged("PAUSED_BY_KOMBO", rig.Now + TimeSpan.FromSeconds(1))));
        Assert.Equal(IntegrationLifecycle.Invalid, rig.State.State);

        Assert.True(rig.Rules.StateChanged(rig.State, rig.StateChanged("DELETED", rig.Now + TimeSpan.FromSeconds(2))));
        Assert.Equal(IntegrationLifecycle.Invalid, rig.State.State);
    }

    [Fact]
    public void Deleted_is_final_stops_all_work_and_its_data_is_purged_once_after_the_retention()
    {
        var rig = new IntegrationRig();
        rig.Pulls.Start(rig.State, PullMode.Full);
        var deletedAt = rig.Now;

        Assert.True(rig.Rules.Deleted(rig.State, rig.Deleted(deletedAt)));

        Assert.Null(rig.State.Pull);
        Assert.Null(rig.Next());
        Assert.False(rig.Rules.Deleted(rig.State, rig.Deleted(deletedAt)));
        Assert.False(rig.Rules.StateChanged(rig.State, rig.StateChanged("ACTIVE", rig.Now + TimeSpan.FromDays(1))));
        Assert.False(rig.Rules.DataChanged(rig.State, rig.DataChanged()));
        Assert.False(rig.Rules.ReconcileRequested(rig.State));
        rig.Rules.OperatorPull(rig.State);
        Assert.Null(rig.Next());

        Assert.False(rig.Rules.PurgeDue(rig.State));
        rig.Clock.Advance(rig.Options.RetainDeletedFor);
        Assert.True(rig.Rules.PurgeDue(rig.State));
        Assert.Equal(IntegrationStateMachine.IdleTick, IntegrationStateMachine.ReminderPeriod(rig.State));
        rig.State.DataPurgedAt = rig.Now;
        Assert.False(rig.Rules.PurgeDue(rig.State));
        Assert.Null(IntegrationStateMachine.ReminderPeriod(rig.State));
    }

    [Fact]
    public void A_full_read_comes_every_ReconcileEvery_or_at_once_when_an_operator_asks()
    {
        var rig = new IntegrationRig();
        rig.PullCompletely(PullMode.Full);

        Assert.True(rig.Rules.ReconcileRequested(rig.State));
        Assert.False(rig.Rules.ReconcileRequested(rig.State));
        Assert.Equal((PullMode.Full, TimeSpan.Zero), rig.Next());
        rig.PullCompletely(PullMode.Full);
        Assert.Null(rig.Next());

        rig.Clock.Advance(rig.Options.ReconcileEvery);
        Assert.Equal((PullMode.Full, TimeSpan.Zero), rig.Next());
    }

    [Fact]
    public void The_reminder_ticks_every_minute_while_work_is_owed_and_hourly_otherwise()
    {
        var rig = new IntegrationRig();
        Assert.Equal(IntegrationStateMachine.BusyTick, IntegrationStateMachine.ReminderPeriod(rig.State));

        rig.PullCompletely(PullMode.Full);
        Assert.Equal(IntegrationStateMachine.IdleTick, IntegrationStateMachine.ReminderPeriod(rig.State));

        rig.Rules.DataChanged(rig.State, rig.DataChanged());
        Assert.Equal(IntegrationStateMachine.BusyTick, IntegrationStateMachine.ReminderPeriod(rig.State));
    }
}
