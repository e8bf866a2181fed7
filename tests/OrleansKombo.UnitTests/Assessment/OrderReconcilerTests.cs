using System.Net;
using System.Text.Json.Nodes;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Grains.Orders;
using OrleansKombo.Integrations;
using OrleansKombo.Orders;
using OrleansKombo.UnitTests.Fakes;
using OrleansKombo.UnitTests.Infrastructure;

namespace OrleansKombo.UnitTests.Assessment;

public sealed class OrderReconcilerTests
{
    private const string OrderExample = "kombo/examples/webhook-assessment-order-received.json";

    [Fact]
    public async Task Missed_OPEN_orders_are_decided_and_a_rejected_one_Kombo_still_lists_OPEN_is_reported()
    {
        using var rig = new AssessmentRig();
        rig.Kombo.AddOrder("missed-1", KomboOrderStatus.Open, Order());
        rig.Kombo.AddOrder("missed-2", KomboOrderStatus.Open, Order(packageId: "withdrawn"));
        rig.Kombo.AddOrder("ours-invited", KomboOrderStatus.Open, Order());
        rig.Kombo.AddOrder("ours-rejected", KomboOrderStatus.Open, Order());
        rig.Kombo.AddOrder("ours-flagged", KomboOrderStatus.Open, Order());
        rig.Orders.Set("ours-invited", new FakeOrders.Row(OrderStatus.Invited));
        rig.Orders.Set("ours-rejected", new FakeOrders.Row(OrderStatus.Rejected));
        rig.Orders.Set("ours-flagged", new FakeOrders.Row(OrderStatus.Rejected, Flagged: true));
        rig.Orders.Accepts = order => order.PackageId != "withdrawn";

        await RunAsync(rig);

        Assert.Equal(["missed-1", "missed-2"], rig.Orders.Discovered);
        Assert.Contains(("ours-rejected", KomboOrderStatus.Open), rig.Orders.Seen);
        Assert.DoesNotContain(rig.Orders.Seen, seen => seen.OrderId is "ours-flagged" or "missed-1" or "missed-2");
    }

    [Fact]
    public async Task Orders_we_hold_open_are_told_when_Kombo_lists_them_closed()
    {
        using var rig = new AssessmentRig();
        foreach (var (id, kombo) in new[] { ("a", KomboOrderStatus.Cancelled), ("b", KomboOrderStatus.Completed), ("c", KomboOrderStatus.Open),
                     ("d", KomboOrderStatus.Rejected) })
        {
            rig.Kombo.AddOrder(id, kombo, Order());
            rig.Orders.Set(id, new FakeOrders.Row(OrderStatus.Invited));
        }

        await RunAsync(rig);

        Assert.Equal([("a", "CANCELLED"), ("b", "COMPLETED"), ("d", "REJECTED")], rig.Orders.Seen.Order());
        Assert.Contains("GET /assessment/orders?ids=a,b,c,d&page_size=4&statuses=COMPLETED,CANCELLED,REJECTED", rig.Kombo.Calls);
    }

    [Fact]
    public async Task A_run_reads_a_bounded_number_of_pages_and_the_next_continues_where_it_stopped()
    {
        using var rig = new AssessmentRig(options: new OrdersOptions { ReconcilePagesPerRun = 2 }, pageSize: 2);
        for (var i = 1; i <= 5; i++)
        {
            rig.Kombo.AddOrder($"missed-{i}", KomboOrderStatus.Open, Order());
        }
        var started = rig.Clock.GetUtcNow();

        await RunAsync(rig);
        Assert.Equal(["missed-1", "missed-2", "missed-3", "missed-4"], rig.Orders.Discovered);
        Assert.Equal((started, "4", (DateTimeOffset?)null), (rig.State.State.ReconcileStartedAt, rig.State.State.ReconcileCursor, rig.State.State.LastReconcileAt));
        Assert.True(rig.Reconciler.Due);

        rig.Clock.Advance(TimeSpan.FromMinutes(1));
        await RunAsync(rig);
        Assert.Equal(5, rig.Orders.Discovered.Count);
        Assert.Equal((null, (DateTimeOffset?)started), (rig.State.State.ReconcileStartedAt, rig.State.State.LastReconcileAt));
        Assert.False(rig.Reconciler.Due);

        rig.Clock.Advance(new OrdersOptions().ReconcileEvery);
        Assert.True(rig.Reconciler.Due);
    }

    [Fact]
    public async Task Nothing_is_reconciled_while_the_integration_is_not_active()
    {
        using var rig = new AssessmentRig { Lifecycle = IntegrationLifecycle.Inactive };
        rig.Kombo.AddOrder("missed-1", KomboOrderStatus.Open, Order());

        await RunAsync(rig);

        Assert.Empty(rig.Kombo.Calls);
        Assert.Null(rig.State.State.ReconcileStartedAt);
    }

    [Fact]
    public async Task A_stored_cursor_Kombo_refuses_starts_the_list_again()
    {
        using var rig = new AssessmentRig();
        rig.Kombo.AddOrder("missed-1", KomboOrderStatus.Open, Order());
        rig.Stored.State.ReconcileStartedAt = rig.Clock.GetUtcNow();
        rig.Stored.State.ReconcileCursor = "stale";
        rig.Kombo.BeforeListOrders = query =>
        {
            if (query.TryGetValue("cursor", out var cursor) && cursor == "stale")
            {
                throw FakeKombo.Error(HttpStatusCode.BadRequest, KomboErrorCodes.InputInvalid, "The cursor is invalid or expired");
            }
        };

        await RunAsync(rig);

        Assert.Equal(["missed-1"], rig.Orders.Discovered);
        Assert.Null(rig.State.State.ReconcileStartedAt);
    }

    [Fact]
    public async Task An_order_that_cannot_be_read_or_reached_never_stops_the_others()
    {
        using var rig = new AssessmentRig();
        rig.Kombo.AddOrder("unreadable", KomboOrderStatus.Open, new JsonObject { ["package_id"] = "pkg-1", ["candidate"] = 42 });
        rig.Kombo.AddOrder("unreachable", KomboOrderStatus.Open, Order());
        rig.Kombo.AddOrder("fine", KomboOrderStatus.Open, Order());
        rig.Orders.Unreachable = id => id == "unreachable";

        await RunAsync(rig);

        Assert.Equal(["fine", "unreachable"], rig.Orders.Discovered);
        Assert.Null(rig.State.State.ReconcileStartedAt);
    }

    [SharedFileFact(OrderExample)]
    public async Task Kombo_s_own_example_order_is_read_as_an_order_of_this_integration()
    {
        using var rig = new AssessmentRig();
        var data = JsonNode.Parse(SharedFiles.Read(OrderExample))!["data"]!.AsObject();
        rig.Kombo.AddOrder((string)data["id"]!, (string)data["status"]!, data.DeepClone().AsObject());
        rig.Orders.Accepts = order => order.IntegrationId == AssessmentRig.IntegrationId && order.Candidate?.Email == "john.doe@gmail.com";

        await RunAsync(rig);

        Assert.Equal([(string)data["id"]!], rig.Orders.Discovered);
    }

    private static async Task RunAsync(AssessmentRig rig)
    {
        await rig.Turns.Run(rig.Reconciler.Kick);
        await Eventually.Until(() => rig.Reconciler.Running?.IsCompleted == true, "the run ends");
    }

    /// <summary>An order as <c>GET /assessment/orders</c> lists it (it has no integration id).</summary>
    private static JsonObject Order(string packageId = "pkg-1") => new()
    {
        ["package_id"] = packageId,
        ["candidate"] = new JsonObject { ["email"] = "ada@example.com", ["first_name"] = "Ada", ["last_name"] = "Lovelace" },
        ["application"] = new JsonObject { ["remote_id"] = "app-1" },
        ["job"] = new JsonObject { ["remote_id"] = "job-1", ["name"] = "Engineer" },
    };
}
