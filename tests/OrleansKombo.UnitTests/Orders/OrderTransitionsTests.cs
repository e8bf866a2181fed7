using CsCheck;
using OrleansKombo.Assessment;
using OrleansKombo.Grains.Orders;
using OrleansKombo.Orders;
using OrleansKombo.Webhooks;

namespace OrleansKombo.UnitTests.Orders;

public sealed class OrderTransitionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly OrderResult Completed = new(ResultStatus.Completed, "https://assessments.example/results/1", Score: 8, MaxScore: 10);

    [Theory]
    [InlineData(OrderStatus.Received, true)]
    [InlineData(OrderStatus.Invited, true)]
    [InlineData(OrderStatus.Completed, false)]
    [InlineData(OrderStatus.Cancelled, false)]
    [InlineData(OrderStatus.Rejected, false)]
    public void Only_an_open_order_takes_a_result(OrderStatus status, bool takes)
    {
        Assert.Equal(takes, OrderTransitions.WhyNoResult(Details(status)) is null);
    }

    [Theory]
    [InlineData(ResultStatus.Completed, OrderStatus.Completed)]
    [InlineData(ResultStatus.Cancelled, OrderStatus.Cancelled)]
    [InlineData(ResultStatus.Open, OrderStatus.Invited)]
    public void A_result_closes_the_order_as_its_status_says_and_its_write_back_is_PENDING(ResultStatus result, OrderStatus status)
    {
        var next = OrderTransitions.WithResult(Details(OrderStatus.Invited), Completed with { Status = result }, cancel: false, Now);

        Assert.Equal((status, WriteStatus.Pending, 0), (next.Status, next.WriteBack!.Status, next.WriteBack.Attempts));
        Assert.Equal(status == OrderStatus.Invited ? 1 : 2, next.History.Count);
    }

    [Fact]
    public void A_report_is_taken_only_for_the_current_result_while_its_write_back_is_PENDING()
    {
        var state = new OrderState
        {
            Details = OrderTransitions.WithResult(Details(OrderStatus.Invited), Completed, false, Now),
            Decision = OrderDecision.Accept("https://assessments.example/take/1"),
            ResultRevision = 2,
        };

        Assert.Null(OrderTransitions.WriteBackReported(state, new WriteBackReport(1, WriteStatus.Done, 1, null, [])));
        var done = OrderTransitions.WriteBackReported(state, new WriteBackReport(2, WriteStatus.Done, 3, null, ["score rounded"]))!;
        Assert.Equal((WriteStatus.Done, 3), (done.WriteBack!.Status, done.WriteBack.Attempts));
        Assert.Null(OrderTransitions.WriteBackReported(new OrderState { Details = done, Decision = state.Decision, ResultRevision = 2 },
            new WriteBackReport(2, WriteStatus.Failed, 4, "late", [])));
    }

    [Fact]
    public void Only_a_FAILED_write_back_of_an_order_the_ATS_did_not_cancel_is_retried()
    {
        var written = OrderTransitions.WithResult(Details(OrderStatus.Invited), Completed, false, Now);
        var failed = written with { WriteBack = written.WriteBack! with { Status = WriteStatus.Failed, LastError = "refused" } };

        Assert.Contains("has no result to write back", OrderTransitions.WhyNoRetry(Details(OrderStatus.Invited)));
        Assert.Contains("is PENDING; only a FAILED one is retried", OrderTransitions.WhyNoRetry(written));
        Assert.Null(OrderTransitions.WhyNoRetry(failed));
        Assert.Equal(WriteStatus.Pending, OrderTransitions.ForRetry(failed).WriteBack!.Status);

        var progress = OrderTransitions.WithResult(Details(OrderStatus.Invited), Completed with { Status = ResultStatus.Open }, false, Now);
        var cancelledInAts = OrderTransitions.SeenInKombo(progress, KomboOrderStatus.Cancelled, Now)!.Value.Next;
        Assert.Contains("was cancelled in the ATS", OrderTransitions.WhyNoRetry(cancelledInAts));
    }

    [Fact]
    public void Cancelled_in_the_ATS_cancels_an_open_order_and_a_result_on_its_way_is_not_written()
    {
        var written = OrderTransitions.WithResult(Details(OrderStatus.Invited), Completed with { Status = ResultStatus.Open }, false, Now);

        var (next, cancelled) = OrderTransitions.SeenInKombo(written, KomboOrderStatus.Cancelled, Now)!.Value;

        Assert.True(cancelled);
        Assert.Equal((OrderStatus.Cancelled, WriteStatus.Failed), (next.Status, next.WriteBack!.Status));
        Assert.Equal(OrderTransitions.CancelledInAtsNote, next.History[^1].Note);
        Assert.True(OrderTransitions.CancelledInAts(next));
        Assert.Contains("only an open", OrderTransitions.WhyNoResult(next));
    }

    [Fact]
    public void What_Kombo_lists_flags_an_order_once_when_it_disagrees_with_ours()
    {
        Assert.Null(OrderTransitions.SeenInKombo(Details(OrderStatus.Invited), KomboOrderStatus.Open, Now));
        Assert.Null(OrderTransitions.SeenInKombo(Details(OrderStatus.Completed), KomboOrderStatus.Completed, Now));

        var (completedThere, _) = OrderTransitions.SeenInKombo(Details(OrderStatus.Invited), KomboOrderStatus.Completed, Now)!.Value;
        Assert.Contains("Kombo lists this order as COMPLETED, but we hold it INVITED", completedThere.OperatorFlag);

        var (openThere, cancelled) = OrderTransitions.SeenInKombo(Details(OrderStatus.Rejected), KomboOrderStatus.Open, Now)!.Value;
        Assert.False(cancelled);
        Assert.Contains("We rejected this order, but Kombo still lists it as OPEN", openThere.OperatorFlag);
        Assert.Null(OrderTransitions.SeenInKombo(openThere, KomboOrderStatus.Open, Now));
    }

    [Fact]
    public void A_sent_invitation_invites_a_RECEIVED_order_once_and_leaves_a_closed_one_closed()
    {
        var sentAt = Now.AddMinutes(1);

        var invited = OrderTransitions.InvitationSent(Details(OrderStatus.Received), sentAt)!;
        Assert.Equal((OrderStatus.Invited, InvitationStatus.Sent, sentAt), (invited.Status, invited.Invitation!.Status, invited.Invitation.SentAt));
        Assert.Null(OrderTransitions.InvitationSent(invited, sentAt));

        var cancelled = OrderTransitions.InvitationSent(Details(OrderStatus.Cancelled), sentAt)!;
        Assert.Equal((OrderStatus.Cancelled, 1), (cancelled.Status, cancelled.History.Count));
    }

    [Fact]
    public void Whatever_happens_in_whatever_order_a_closed_order_never_opens_again_and_history_only_grows()
    {
        var step = Gen.Select(Gen.Int[0, 5], Gen.OneOf(KomboOrderStatus.Open, KomboOrderStatus.Completed, KomboOrderStatus.Cancelled, KomboOrderStatus.Rejected));
        Gen.Select(Gen.OneOf(OrderStatus.Received, OrderStatus.Invited, OrderStatus.Rejected), step.List[1, 20]).Sample((start, steps) =>
        {
            var details = Details(start);
            foreach (var (kind, kombo) in steps)
            {
                var next = kind switch
                {
                    0 when OrderTransitions.WhyNoResult(details) is null => OrderTransitions.WithResult(details, Completed, false, Now),
                    1 when OrderTransitions.WhyNoResult(details) is null => OrderTransitions.WithResult(details, Completed with { Status = ResultStatus.Cancelled }, true, Now),
                    2 => OrderTransitions.InvitationSent(details, Now),
                    3 => OrderTransitions.SeenInKombo(details, kombo, Now)?.Next,
                    4 when OrderTransitions.WhyNoRetry(details) is null => OrderTransitions.ForRetry(details),
                    _ => null,
                } ?? details;

                Assert.True(next.History.Count >= details.History.Count);
                Assert.False(!OrderTransitions.IsOpen(details) && OrderTransitions.IsOpen(next), $"{details.Status} opened again as {next.Status}");
                details = next;
            }
        });
    }

    private static OrderDetails Details(OrderStatus status) => new("order-1", "greenhouse:unit", "pkg-1", status, OrderSource.Webhook, false,
        new OrderCandidate("cand-1", "ada@example.com", "Ada", "Lovelace", null), null, null,
        status == OrderStatus.Rejected ? "not offered" : null, null,
        status == OrderStatus.Rejected ? null : new Invitation("SMTP", InvitationStatus.Pending, "https://assessments.example/take/1", null), null, null,
        [new OrderEvent(OrderStatus.Received, Now, null)]);
}
