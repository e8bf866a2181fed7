using System.Net.Sockets;
using Npgsql;
using OrleansKombo.Gateway.Webhooks;

namespace OrleansKombo.UnitTests.Webhooks;

/// <summary>The inbox's group commit: one bad row fails alone; an outage fails the batch at once.</summary>
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
}
