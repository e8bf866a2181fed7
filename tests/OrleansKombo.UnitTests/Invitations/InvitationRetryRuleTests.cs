using CsCheck;
using OrleansKombo.Grains.Invitations;
using OrleansKombo.Orders;

namespace OrleansKombo.UnitTests.Invitations;

/// <summary>Every invitation's attempts end: what a failed attempt becomes, by the kind of failure and the round's bounds.</summary>
public sealed class InvitationRetryRuleTests
{
    private static readonly InvitationOptions Options = new() { MaxAttempts = 5, GiveUpAfter = TimeSpan.FromHours(1), MaxBackoff = TimeSpan.FromMinutes(15) };

    private static InvitationNotSent Failure(InvitationFailure kind) => new("boom", kind);

    [Fact]
    public void A_permanent_refusal_fails_at_once_with_its_reason_on_either_channel()
    {
        foreach (var channel in Enum.GetValues<InvitationChannel>())
        {
            var verdict = InvitationRetryRule.After(Failure(InvitationFailure.Permanent), channel, 1, TimeSpan.Zero, Options);

            Assert.Equal((InvitationStatus.Failed, "boom"), (verdict.Status, verdict.Reason));
        }
    }

    [Fact]
    public void An_email_that_may_have_left_is_in_doubt_but_a_callback_is_retried()
    {
        Assert.Equal(InvitationStatus.InDoubt, InvitationRetryRule.After(Failure(InvitationFailure.InDoubt), InvitationChannel.Smtp, 1, TimeSpan.Zero, Options).Status);
        Assert.Equal(InvitationStatus.Pending, InvitationRetryRule.After(Failure(InvitationFailure.InDoubt), InvitationChannel.Http, 1, TimeSpan.Zero, Options).Status);
    }

    [Fact]
    public void Transient_failures_are_retried_with_the_one_backoff_until_the_attempts_or_the_age_run_out()
    {
        Gen.Select(Gen.Int[1, 20], Gen.Int[0, 7200], Gen.OneOf(Gen.Const(InvitationChannel.Smtp), Gen.Const(InvitationChannel.Http))).Sample((attempts, seconds, channel) =>
        {
            var age = TimeSpan.FromSeconds(seconds);
            var verdict = InvitationRetryRule.After(Failure(InvitationFailure.Transient), channel, attempts, age, Options);

            if (attempts >= Options.MaxAttempts || age >= Options.GiveUpAfter)
            {
                Assert.Equal(InvitationStatus.Failed, verdict.Status);
                Assert.StartsWith($"gave up after {attempts} attempts", verdict.Reason);
                Assert.EndsWith("the last failure: boom", verdict.Reason);
            }
            else
            {
                Assert.Equal((InvitationStatus.Pending, "boom"), (verdict.Status, verdict.Reason));
                Assert.InRange(verdict.Wait, Backoff.Jittered(attempts, InvitationRetryRule.FirstWait, Options.MaxBackoff, 0),
                    Backoff.Jittered(attempts, InvitationRetryRule.FirstWait, Options.MaxBackoff, 1));
            }
        }, iter: 1000);
    }

    [Fact]
    public void The_default_bounds_end_an_invitation_within_about_a_day_of_waits()
    {
        var options = new InvitationOptions();
        var waited = Enumerable.Range(1, options.MaxAttempts - 1)
            .Aggregate(TimeSpan.Zero, (sum, attempt) => sum + Backoff.Jittered(attempt, InvitationRetryRule.FirstWait, options.MaxBackoff, 0.5));

        Assert.InRange(waited, TimeSpan.FromHours(20), TimeSpan.FromHours(26));
        Assert.Equal(TimeSpan.FromDays(1), options.GiveUpAfter);
    }
}
