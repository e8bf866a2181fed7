using System.Net.Sockets;
using Npgsql;
using OrleansKombo.Gateway.Webhooks;
using OrleansKombo.UnitTests.Fakes;

namespace OrleansKombo.UnitTests.Webhooks;

/// <summary>The inbox's group commit: one bad row fails alone; an outage fails the batch at once; past its capacity an item fails at once instead of waiting in memory.</summary>
public sealed class WriteBatcherTests
{
    [Fact]
    public async Task One_item_postgres_refuses_fails_alone_and_its_neighbours_are_written()
    {
        var flushes = 0;
        var gate = new TaskCompletionSource();
        var batcher = new WriteBatcher<string, string>(async (items, _) =>
        {
            await gate.Task;
            Interlocked.Increment(ref flushes);
            return items.Contains("bad\0")
                ? throw new PostgresException("invalid byte sequence for encoding \"UTF8\": 0x00", "ERROR", "ERROR", PostgresErrorCodes.CharacterNotInRepertoire)
                : items.Select(i => i.ToUpperInvariant()).ToList();
        }, flushers: 1);

        var items = new[] { "a", "b", "bad\0", "c", "d" }.Select(batcher.EnqueueAsync).ToList();
        gate.SetResult();

        await Assert.ThrowsAsync<PostgresException>(() => items[2]);
        Assert.Equal(["A", "B", "C", "D"], await Task.WhenAll(items.Where((_, i) => i != 2)));
    }

    [Fact]
    public async Task An_outage_fails_every_item_without_trying_each_alone()
    {
        var flushes = 0;
        var gate = new TaskCompletionSource();
        var batcher = new WriteBatcher<string, string>(async (_, _) =>
        {
            await gate.Task;
            Interlocked.Increment(ref flushes);
            throw new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));
        }, flushers: 1);

        var items = new[] { "a", "b", "c" }.Select(batcher.EnqueueAsync).ToList();
        gate.SetResult();

        foreach (var item in items)
        {
            await Assert.ThrowsAsync<NpgsqlException>(() => item);
        }
        Assert.True(flushes < items.Count, $"{flushes} flushes for {items.Count} items: the outage was tried item by item");
    }

    [Fact]
    public async Task When_the_writes_stall_the_queue_fills_to_its_capacity_and_refuses_more_until_they_go_on()
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var flushing = 0;
        var batcher = new WriteBatcher<int, int>(async (items, _) =>
        {
            Interlocked.Increment(ref flushing);
            await go.Task;
            return items.Select(i => i * 10).ToList();
        }, maxBatch: 1, flushers: 2, capacity: 3);

        // Two items are being written (one per flusher), three wait: the sixth finds the queue full.
        var first = new List<Task<int>> { batcher.EnqueueAsync(1), batcher.EnqueueAsync(2) };
        await Eventually.Until(() => Volatile.Read(ref flushing) == 2, "both flushers are writing");
        var waiting = Enumerable.Range(3, 3).Select(batcher.EnqueueAsync).ToList();
        var refused = batcher.EnqueueAsync(6);

        var full = await Assert.ThrowsAsync<WriteQueueFull>(() => refused);
        Assert.Equal(3, full.Capacity);
        Assert.All(waiting, t => Assert.False(t.IsCompleted));

        go.SetResult();
        var written = await Task.WhenAll(first.Concat(waiting));
        Assert.Equal(new[] { 10, 20, 30, 40, 50 }, written);
        Assert.Equal(70, await batcher.EnqueueAsync(7));
    }
}
