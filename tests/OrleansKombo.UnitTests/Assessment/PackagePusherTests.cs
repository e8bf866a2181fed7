using System.Net;
using OrleansKombo.Assessment;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.UnitTests.Fakes;

namespace OrleansKombo.UnitTests.Assessment;

public sealed class PackagePusherTests
{
    private static readonly AssessmentPackage Behavioral = new("pkg-1", "BEHAVIORAL", "Behavioural profile", "Twenty minutes of questions");
    private static readonly AssessmentPackage Skills = new("pkg-2", "SKILLS_TEST", "Skills test", "A coding exercise");

    [Fact]
    public async Task A_set_Kombo_acknowledges_is_DONE_with_Kombo_warnings()
    {
        using var rig = new AssessmentRig();
        rig.Kombo.OnSetPackages = _ => Task.FromResult(FakeKombo.Ok("package pkg-1 has no description in German"));

        await StoreAndPushAsync(rig, [Behavioral, Skills]);
        await Eventually.Until(() => rig.State.State.Push?.Status == WriteStatus.Done, "the push is acknowledged");

        var push = rig.State.State.Push!;
        Assert.Equal((1, null), (push.Attempts, push.LastError));
        Assert.Equal(["package pkg-1 has no description in German"], push.Warnings);
        Assert.Equal(rig.Clock.GetUtcNow(), push.PushedAt);
        Assert.Equal(["PUT /assessment/packages (2)"], rig.Kombo.Calls);
    }

    [Fact]
    public async Task A_set_Kombo_refuses_for_good_is_FAILED_with_Kombo_message_and_not_sent_again()
    {
        using var rig = new AssessmentRig();
        rig.Kombo.OnSetPackages = _ => throw FakeKombo.Error(HttpStatusCode.BadRequest, KomboErrorCodes.InputInvalid, "packages[0].type is invalid");

        await StoreAndPushAsync(rig, [Behavioral]);
        await Eventually.Until(() => rig.State.State.Push?.Status == WriteStatus.Failed, "the push fails");

        Assert.Contains("packages[0].type is invalid", rig.State.State.Push!.LastError);
        await rig.Turns.Run(rig.Packages.Kick);
        Assert.Single(rig.Kombo.Calls);
    }

    [Fact]
    public async Task A_passing_failure_is_retried_with_backoff_until_Kombo_acknowledges()
    {
        using var rig = new AssessmentRig();
        var refusals = 3;
        rig.Kombo.OnSetPackages = _ => Interlocked.Decrement(ref refusals) >= 0
            ? throw FakeKombo.Error(HttpStatusCode.InternalServerError, KomboErrorCodes.UnknownError, "Kombo failed")
            : Task.FromResult(FakeKombo.Ok());

        await StoreAndPushAsync(rig, [Behavioral]);
        await rig.AdvanceUntil(() => rig.State.State.Push?.Status == WriteStatus.Done, "the push is acknowledged after three refusals");

        Assert.Equal(4, rig.State.State.Push!.Attempts);
        Assert.Equal(4, rig.Kombo.Calls.Count);
    }

    [Fact]
    public async Task An_integration_that_cannot_take_writes_holds_the_push_until_it_is_lifted()
    {
        using var rig = new AssessmentRig();
        var inactive = true;
        rig.Kombo.OnSetPackages = _ => inactive
            ? throw FakeKombo.Error(HttpStatusCode.Forbidden, KomboErrorCodes.Inactive, "The integration is inactive")
            : Task.FromResult(FakeKombo.Ok());

        await StoreAndPushAsync(rig, [Behavioral]);
        await Eventually.Until(() => rig.State.State.Push?.LastError is not null, "the push learns it must wait");

        Assert.Equal(WriteStatus.Pending, rig.State.State.Push!.Status);
        Assert.StartsWith("Waiting until the integration takes writes again", rig.State.State.Push.LastError);
        Assert.True(rig.Gate.HeldLong);
        await Eventually.Until(() => rig.Packages.Running?.IsCompleted == true, "the push stops while writes are held for long");

        inactive = false;
        await rig.Turns.Run(() =>
        {
            rig.Gate.Lift();
            rig.Packages.Kick();
        });
        await Eventually.Until(() => rig.State.State.Push?.Status == WriteStatus.Done, "the push goes through once lifted");
        Assert.Equal(2, rig.Kombo.Calls.Count);
    }

    [Fact]
    public async Task An_outcome_for_a_set_never_touches_the_newer_set_stored_meanwhile()
    {
        using var rig = new AssessmentRig();
        var first = new TaskCompletionSource<KomboResponse<object>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bodies = new List<int>();
        rig.Kombo.OnSetPackages = body =>
        {
            lock (bodies)
            {
                bodies.Add(body.Packages.Count);
                return bodies.Count == 1 ? first.Task : Task.FromResult(FakeKombo.Ok());
            }
        };

        await StoreAndPushAsync(rig, [Behavioral]);
        await Eventually.Until(() => rig.Kombo.Calls.Count == 1, "the first set is on its way");
        await rig.Turns.Run(() => rig.Packages.StoreAsync([Behavioral, Skills]));
        first.SetResult(FakeKombo.Ok("about the first set"));

        await Eventually.Until(() => rig.State.State.Push?.Status == WriteStatus.Done, "the newer set is pushed");
        Assert.Equal([1, 2], bodies);
        Assert.Equal((2, 1), (rig.State.State.Revision, rig.State.State.Push!.Attempts));
        Assert.Empty(rig.State.State.Push.Warnings);
    }

    [Fact]
    public async Task A_new_set_withdraws_the_ids_it_no_longer_offers()
    {
        using var rig = new AssessmentRig();

        await rig.Turns.Run(() => rig.Packages.StoreAsync([Behavioral, Skills]));
        await rig.Turns.Run(() => rig.Packages.StoreAsync([Skills]));
        await rig.Turns.Run(() => rig.Packages.StoreAsync([Behavioral]));

        Assert.Equal(["pkg-2"], rig.State.State.Withdrawn);
        Assert.Equal(3, rig.State.State.Revision);
    }

    [Fact]
    public async Task A_set_Kombo_would_refuse_is_refused_before_it_is_stored()
    {
        using var rig = new AssessmentRig();

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => rig.Turns.Run(() =>
            rig.Packages.StoreAsync([Behavioral with { Type = "ASSESSMENT" }, Behavioral])));

        Assert.Contains("packages[0].type must be one of", refused.Message);
        Assert.Contains("package id 'pkg-1' appears more than once", refused.Message);
        Assert.Equal(0, rig.Stored.Writes);
    }

    [Fact]
    public async Task A_state_write_that_fails_leaves_memory_as_stored()
    {
        using var rig = new AssessmentRig();
        await rig.Turns.Run(() => rig.Packages.StoreAsync([Behavioral]));

        rig.Stored.FailNextWrite = new TimeoutException("PostgreSQL is away");
        await Assert.ThrowsAsync<TimeoutException>(() => rig.Turns.Run(() => rig.Packages.StoreAsync([Skills])));

        Assert.Equal((1, "pkg-1"), (rig.State.State.Revision, rig.State.State.Packages.Single().Id));
    }

    private static Task StoreAndPushAsync(AssessmentRig rig, IReadOnlyList<AssessmentPackage> packages) => rig.Turns.Run(async () =>
    {
        await rig.Packages.StoreAsync(packages);
        rig.Packages.Kick();
    });
}
