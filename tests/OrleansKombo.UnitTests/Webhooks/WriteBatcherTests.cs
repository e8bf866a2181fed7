using OrleansKombo.Gateway.Webhooks;
using OrleansKombo.UnitTests.Fakes;

namespace OrleansKombo.UnitTests.Webhooks;

/// <summary>The inbox's group commit holds a bounded number of items: past it, an item fails at once instead of waiting in memory.</summary>
public sealed class WriteBatcherTests
{
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
