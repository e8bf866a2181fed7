using System.Text.Json.Nodes;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using OrleansKombo.Assessment;
using OrleansKombo.Grains.Invitations;
using OrleansKombo.Grains.Orders;
using OrleansKombo.Integrations;
using OrleansKombo.Orders;
using OrleansKombo.UnitTests.Fakes;
using OrleansKombo.UnitTests.Infrastructure;
using OrleansKombo.Webhooks;

namespace OrleansKombo.UnitTests.Orders;

public sealed class OrderDeciderTests
{
    private const string OrderExample = "kombo/examples/webhook-assessment-order-received.json";
    private static readonly AssessmentPackage Package = new("pkg-1", "SKILLS_TEST", "Skills test", "A coding exercise");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
    private readonly FakeOrderFacts _facts = new() { Package = Package };

    [Fact]
    public async Task An_order_for_an_offered_package_is_accepted_with_a_link_and_an_email_invitation_without_the_phone_number()
    {
        var (state, invitation) = await Decider().DecideAsync("order-1", Order(), inline: false, OrderSource.Webhook);

        Assert.True(state.Decision.Accepted);
        Assert.StartsWith("https://assessments.example.com/take/order-1?token=", state.Decision.AssessmentUrl);
        Assert.Equal((OrderStatus.Received, "SMTP", InvitationStatus.Pending), (state.Details.Status, state.Details.Invitation!.Channel, state.Details.Invitation.Status));
        Assert.Null(state.Details.Candidate.Phone);
        Assert.Equal(("ada@example.com", "Skills test", state.Decision.AssessmentUrl), (invitation!.Email, invitation.PackageName, invitation.Link));
        Assert.DoesNotContain("5550 1234", JsonSerializer.Serialize(state, KomboJson.Options));
    }

    [Fact]
    public async Task An_inline_order_is_invited_at_once_by_its_link_and_emailed_only_when_configured()
    {
        var (state, invitation) = await Decider().DecideAsync("order-1", Order(), inline: true, OrderSource.Webhook);

        Assert.Equal((OrderStatus.Invited, Invitation.InlineChannel, InvitationStatus.Sent), (state.Details.Status, state.Details.Invitation!.Channel, state.Details.Invitation.Status));
        Assert.Null(invitation);
        Assert.Equal([OrderStatus.Received, OrderStatus.Invited], state.Details.History.Select(e => e.Status));

        var (emailed, email) = await Decider(new OrdersOptions { EmailInlineCandidates = true }).DecideAsync("order-2", Order(), inline: true, OrderSource.Webhook);
        Assert.Equal((OrderStatus.Invited, InvitationStatus.Pending), (emailed.Details.Status, emailed.Details.Invitation!.Status));
        Assert.NotNull(email);
    }

    public static TheoryData<string, Action<FakeOrderFacts>, Func<AssessmentOrderReceived, AssessmentOrderReceived>, string> Rejections() => new()
    {
        { "inactive", f => f.Lifecycle = IntegrationLifecycle.Inactive, o => o, "The ATS connection to our assessment platform is inactive" },
        { "invalid", f => f.Lifecycle = IntegrationLifecycle.Invalid, o => o, "is invalid, so we cannot run assessments" },
        { "withdrawn", f => f.Offer = PackageOffer.Withdrawn, o => o, "has been withdrawn and can no longer be ordered" },
        { "unknown", f => f.Offer = PackageOffer.Unknown, o => o, "is not one we offer" },
        { "no candidate", _ => { }, o => o with { Candidate = null }, "The candidate has no email address in the ATS" },
        { "no email", _ => { }, o => o with { Candidate = o.Candidate! with { Email = " " } }, "The candidate has no email address in the ATS" },
        { "bad email", _ => { }, o => o with { Candidate = o.Candidate! with { Email = "ada@" } }, "The candidate's email address 'ada@' is not valid" },
        { "two emails", _ => { }, o => o with { Candidate = o.Candidate! with { Email = "ada@example.com, bob@example.com" } }, "names several addresses" },
        { "a group", _ => { }, o => o with { Candidate = o.Candidate! with { Email = "Team: ada@example.com;" } }, "is a group of addresses" },
        { "closed job", f => f.JobState = "CLOSED", o => o, "The job 'Engineer' is closed in the ATS" },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task An_order_that_cannot_be_run_is_rejected_with_words_a_recruiter_can_act_on(string why, Action<FakeOrderFacts> arrange,
        Func<AssessmentOrderReceived, AssessmentOrderReceived> change, string message)
    {
        arrange(_facts);

        var (state, invitation) = await Decider(new OrdersOptions { RejectInactiveJobs = true }).DecideAsync("order-1", change(Order()), false, OrderSource.Webhook);

        Assert.False(state.Decision.Accepted, why);
        Assert.Contains(message, state.Decision.RejectionMessage);
        Assert.Equal((OrderStatus.Rejected, state.Decision.RejectionMessage, null), (state.Details.Status, state.Details.RejectionMessage, state.Details.OperatorFlag));
        Assert.Null(state.Details.Invitation);
        Assert.Null(invitation);
    }

    [Fact]
    public async Task A_closed_job_is_no_reason_to_reject_unless_configured()
    {
        _facts.JobState = "CLOSED";

        var (state, _) = await Decider().DecideAsync("order-1", Order(), false, OrderSource.Webhook);

        Assert.True(state.Decision.Accepted);
    }

    [Fact]
    public async Task An_order_found_by_reconciliation_that_would_be_rejected_is_flagged_for_an_operator()
    {
        _facts.Offer = PackageOffer.Unknown;

        var (state, _) = await Decider().DecideAsync("order-1", Order(), false, OrderSource.Reconciliation);

        Assert.Equal(state.Decision.RejectionMessage, state.Details.OperatorFlag);
        Assert.Equal("found by reconciliation", state.Details.History[0].Note);
    }

    [Fact]
    public async Task A_display_name_form_is_accepted_and_invited_at_its_address_with_the_name_kept()
    {
        var order = Order() with { Candidate = Order().Candidate! with { Email = "Jane Roe <jane.roe@example.com>", FirstName = null, LastName = null } };

        var (state, invitation) = await Decider().DecideAsync("order-1", order, false, OrderSource.Webhook);

        Assert.True(state.Decision.Accepted);
        Assert.Equal(("jane.roe@example.com", "Jane Roe", "Jane Roe"), (invitation!.Email, invitation.EmailName, invitation.CandidateName));
    }

    [SharedFileFact(OrderExample)]
    public async Task Kombo_s_own_example_order_is_accepted_and_its_phone_number_dropped()
    {
        var order = JsonNode.Parse(SharedFiles.Read(OrderExample))!["data"].Deserialize<AssessmentOrderReceived>(KomboJson.Tolerant)!;
        _facts.Package = Package with { Id = order.PackageId };

        var (state, invitation) = await Decider().DecideAsync(order.Id, order, false, OrderSource.Webhook);

        Assert.True(state.Decision.Accepted);
        Assert.Null(state.Details.Candidate.Phone);
        Assert.Equal(("john.doe@gmail.com", "Bottle Opener"), (invitation!.Email, invitation.JobName));
    }

    private OrderDecider Decider(OrdersOptions? options = null) => new(_facts, options ?? new OrdersOptions(), new InvitationOptions(), _clock);

    private static AssessmentOrderReceived Order() => new("order-1", "pkg-1", "OPEN", "greenhouse:unit",
        new OrderCandidate("cand-1", "ada@example.com", "Ada", "Lovelace", "+44 5550 1234"), new OrderApplication("app-1"),
        new OrderJob("job-1", "Engineer", null, null, null, null));
}
