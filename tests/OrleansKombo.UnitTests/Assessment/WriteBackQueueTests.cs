using System.Net;
using CsCheck;
using OrleansKombo.Assessment;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Orders;
using OrleansKombo.UnitTests.Fakes;

namespace OrleansKombo.UnitTests.Assessment;

public sealed class WriteBackQueueTests
{
    private static WriteBackRequest Completed(string orderId, int revision = 1) =>
        new(orderId, revision, new OrderResult(ResultStatus.Completed, $"https://assessments.example/results/{orderId}", Score: 87, MaxScore: 100));

    [Fact]
    public async Task A_result_Kombo_acknowledges_is_reported_DONE_to_its_order()
    {
        using var rig = new AssessmentRig();

        await rig.Turns.Run(() => rig.WriteBacks.Enqueue(Completed("order-1")));
        await Eventually.Until(() => rig.Orders.Reports.Count == 1, "the order hears how it went");

        var (orderId, report) = rig.Orders.Reports.Single();
        Assert.Equal(("order-1", WriteStatus.Done, 1, 1), (orderId, report.Status, report.Revision, report.Attempts));
        Assert.Equal(["PUT /assessment/orders/order-1/result COMPLETED"], rig.Kombo.Calls);
    }

    [Fact]
    public async Task A_final_result_refused_as_a_repeat_of_one_Kombo_holds_counts_as_DONE()
    {
        using var rig = new AssessmentRig();
        rig.Kombo.AddOrder("order-1", KomboOrderStatus.Completed);
        rig.Kombo.OnResult = (_, _) => throw FakeKombo.Error(HttpStatusCode.BadRequest, KomboErrorCodes.InputInvalid, "The order is already completed");

        await rig.Turns.Run(() => rig.WriteBacks.Enqueue(Completed("order-1")));
        await Eventually.Until(() => rig.Orders.Reports.Count == 1, "the order hears how it went");

        Assert.Equal((WriteStatus.Done, null), (rig.Orders.Reports[0].Report.Status, rig.Orders.Reports[0].Report.LastError));
        Assert.Equal("GET /assessment/orders?ids=order-1", rig.Kombo.Calls[^1]);
    }

    [Fact]
    public async Task A_result_Kombo_refuses_and_does_not_hold_is_FAILED_with_Kombo_message()
    {
        using var rig = new AssessmentRig();
        rig.Kombo.AddOrder("order-1", KomboOrderStatus.Open);
        rig.Kombo.OnResult = (_, _) => throw FakeKombo.Error(HttpStatusCode.BadRequest, KomboErrorCodes.InputInvalid, "score must be at most max_score");

        await rig.Turns.Run(() => rig.WriteBacks.Enqueue(Completed("order-1")));
        await Eventually.Until(() => rig.Orders.Reports.Count == 1, "the order hears how it went");

        Assert.Equal((WriteStatus.Failed, "score must be at most max_score"), (rig.Orders.Reports[0].Report.Status, rig.Orders.Reports[0].Report.LastError));
    }

    [Fact]
    public async Task A_passing_failure_is_retried_and_each_attempt_reported_PENDING_until_DONE()
    {
        using var rig = new AssessmentRig();
        var refusals = 2;
        rig.Kombo.OnResult = (_, _) => Interlocked.Decrement(ref refusals) >= 0
            ? throw new HttpRequestException("connection reset")
            : Task.FromResult(FakeKombo.Ok());

        await rig.Turns.Run(() => rig.WriteBacks.Enqueue(Completed("order-1")));
        await rig.AdvanceUntil(() => rig.Orders.Reports.Any(r => r.Report.Status == WriteStatus.Done), "the result is written");

        Assert.Equal([(WriteStatus.Pending, 1), (WriteStatus.Pending, 2), (WriteStatus.Done, 3)],
            rig.Orders.Reports.Select(r => (r.Report.Status, r.Report.Attempts)));
        Assert.Contains("connection reset", rig.Orders.Reports[0].Report.LastError);
    }

    [Fact]
    public async Task Kombo_Retry_After_holds_every_write_of_the_integration_that_long()
    {
        using var rig = new AssessmentRig();
        var throttled = 1;
        rig.Kombo.OnResult = (_, _) => Interlocked.Decrement(ref throttled) >= 0
            ? throw FakeKombo.Error(HttpStatusCode.TooManyRequests, KomboErrorCodes.RateLimitExceeded, "slow down", TimeSpan.FromSeconds(30))
            : Task.FromResult(FakeKombo.Ok());

        await rig.Turns.Run(() => rig.WriteBacks.Enqueue(Completed("order-1")));
        await Eventually.Until(() => rig.Orders.Reports.Count == 1, "the throttled attempt is reported");
        var throttledAt = rig.Clock.GetUtcNow();
        await rig.Turns.Run(() => rig.WriteBacks.Enqueue(Completed("order-2")));

        Assert.NotNull(rig.Gate.HeldFor());
        Assert.Single(rig.Kombo.Calls);
        await rig.AdvanceUntil(() => rig.Orders.Reports.Count(r => r.Report.Status == WriteStatus.Done) == 2, "both are written after the wait");
        Assert.True(rig.Clock.GetUtcNow() >= throttledAt + TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task An_integration_that_cannot_take_writes_leaves_results_PENDING_until_it_is_active_again()
    {
        using var rig = new AssessmentRig();
        var inactive = true;
        rig.Kombo.OnResult = (_, _) => inactive
            ? throw FakeKombo.Error(HttpStatusCode.Forbidden, KomboErrorCodes.Inactive, "The integration is inactive")
            : Task.FromResult(FakeKombo.Ok());
        var first = Completed("order-1");
        rig.Orders.Set("order-1", new FakeOrders.Row(OrderStatus.Invited, WriteBack: WriteStatus.Pending, Pending: first));

        await rig.Turns.Run(() => rig.WriteBacks.Enqueue(first));
        await Eventually.Until(() => rig.Orders.Reports.Count == 1, "the order hears it waits");
        await rig.Turns.Run(() => rig.WriteBacks.Enqueue(Completed("order-2")));

        Assert.Equal(WriteStatus.Pending, rig.Orders.Reports[0].Report.Status);
        Assert.StartsWith("Waiting until the integration takes writes again", rig.Orders.Reports[0].Report.LastError);
        Assert.Single(rig.Kombo.Calls);

        inactive = false;
        await rig.Turns.Run(() =>
        {
            rig.Gate.Lift();
            rig.WriteBacks.KickResume();
        });
        await Eventually.Until(() => rig.Orders.Reports.Any(r => r.Report.Status == WriteStatus.Done), "the stored result is written");
        Assert.Equal(2, rig.Kombo.Calls.Count);
    }

    [Fact]
    public async Task A_newer_result_of_an_order_is_written_after_the_one_in_flight_and_an_older_one_never()
    {
        using var rig = new AssessmentRig();
        var inFlight = new TaskCompletionSource<KomboResponse<object>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        rig.Kombo.OnResult = (_, _) => Interlocked.Increment(ref calls) == 1 ? inFlight.Task : Task.FromResult(FakeKombo.Ok());

        await rig.Turns.Run(() => rig.WriteBacks.Enqueue(Completed("order-1", revision: 1)));
        await Eventually.Until(() => rig.Kombo.Calls.Count == 1, "revision 1 is on its way");
        await rig.Turns.Run(() =>
        {
            rig.WriteBacks.Enqueue(Completed("order-1", revision: 2));
            rig.WriteBacks.Enqueue(Completed("order-1", revision: 1));
        });
        inFlight.SetResult(FakeKombo.Ok());

        await Eventually.Until(() => rig.Orders.Reports.Count == 2, "both revisions are reported");
        await rig.Turns.Run(() => rig.WriteBacks.Enqueue(Completed("order-1", revision: 2)));
        Assert.Equal([1, 2], rig.Orders.Reports.Select(r => r.Report.Revision));
        Assert.Equal(2, rig.Kombo.Calls.Count);
    }

    [Fact]
    public async Task Failed_write_backs_are_each_retried_through_their_order()
    {
        using var rig = new AssessmentRig();
        var failed = Enumerable.Range(0, 250).Select(i => $"order-{i:000}").ToList();
        foreach (var id in failed)
        {
            rig.Orders.Set(id, new FakeOrders.Row(OrderStatus.Completed, WriteBack: WriteStatus.Failed));
        }
        rig.Orders.Set("order-open", new FakeOrders.Row(OrderStatus.Invited));

        await rig.Turns.Run(rig.WriteBacks.KickRetryFailed);
        await Eventually.Until(() => rig.WriteBacks.Running.All(t => t.IsCompleted), "the retries are asked for");

        Assert.Equal(failed, rig.Orders.Retried);
    }

    [Fact]
    public async Task Never_more_writes_in_flight_than_the_integration_s_slots_and_every_result_written_once()
    {
        await Gen.Select(Gen.Int[1, 8], Gen.Int[1, 40]).SampleAsync(async sample =>
        {
            var (slots, count) = sample;
            using var rig = new AssessmentRig(maxConcurrentWrites: slots);
            var (inFlight, most) = (0, 0);
            var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            rig.Kombo.OnResult = async (_, _) =>
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref most, now);
                await release.Task;
                Interlocked.Decrement(ref inFlight);
                return FakeKombo.Ok();
            };

            await rig.Turns.Run(() =>
            {
                for (var i = 0; i < count; i++)
                {
                    rig.WriteBacks.Enqueue(Completed($"order-{i}"));
                }
            });
            await Eventually.Until(() => Volatile.Read(ref inFlight) == Math.Min(slots, count), "the slots fill");
            release.SetResult();
            await Eventually.Until(() => rig.Orders.Reports.Count == count, "every result is reported");

            Assert.Equal(Math.Min(slots, count), most);
            Assert.Equal(count, rig.Kombo.Calls.Distinct().Count());
            Assert.Equal(count, rig.Kombo.Calls.Count);
        }, iter: 30);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
