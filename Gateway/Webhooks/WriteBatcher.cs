using System.Threading.Channels;
using Npgsql;

namespace OrleansKombo.Gateway.Webhooks;

/// <summary>
/// Group commit in the application: callers enqueue one item each and await its result, while a few flushers
/// write whatever has queued up in one statement. Under load this turns one commit per webhook into one per
/// batch; when idle a batch is a single item, so nothing waits for a timer.
/// </summary>
/// <remarks>
/// The queue is bounded: when the writes fall behind (PostgreSQL slow or away) and <c>capacity</c> items wait, a further
/// one fails at once with <see cref="WriteQueueFull"/> instead of waiting in memory, so the caller can answer "retry".
/// </remarks>
public sealed class WriteBatcher<TItem, TResult>
{
    private readonly Channel<(TItem Item, TaskCompletionSource<TResult> Done)> _queue;
    private readonly int _capacity;

    private readonly Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TResult>>> _flush;
    private readonly int _maxBatch;

    /// <param name="flush">Writes a batch and returns one result per item, in order.</param>
    /// <param name="capacity">The most items waiting at once (not counting the batches being written).</param>
    public WriteBatcher(Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TResult>>> flush, int maxBatch = 200, int flushers = 2,
        int capacity = 10_000)
    {
        _capacity = capacity;
        _queue = Channel.CreateBounded<(TItem, TaskCompletionSource<TResult>)>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait });
        _flush = flush;
        _maxBatch = maxBatch;
        for (var i = 0; i < flushers; i++)
        {
            _ = Task.Run(FlushLoopAsync);
        }
    }

    public Task<TResult> EnqueueAsync(TItem item)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        return _queue.Writer.TryWrite((item, done)) ? done.Task : Task.FromException<TResult>(new WriteQueueFull(_capacity));
    }

    private async Task FlushLoopAsync()
    {
        var batch = new List<(TItem Item, TaskCompletionSource<TResult> Done)>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }
            if (batch.Count == 0)
            {
                continue;
            }
            try
            {
                var results = await _flush(batch.Select(b => b.Item).ToList(), CancellationToken.None);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(results[i]);
                }
            }
            catch (Exception error) when (batch.Count > 1 && !IsOutage(error))
            {
                await FlushOneByOneAsync(batch);
            }
            catch (Exception error)
            {
                foreach (var (_, done) in batch)
                {
                    done.TrySetException(error);
                }
            }
        }
    }

    /// <summary>
    /// One item PostgreSQL refuses fails a whole multi-row statement; written alone, each item gets its own outcome, so
    /// only the bad one fails and its neighbours are not asked to retry.
    /// </summary>
    private async Task FlushOneByOneAsync(List<(TItem Item, TaskCompletionSource<TResult> Done)> batch)
    {
        foreach (var (item, done) in batch)
        {
            try
            {
                done.TrySetResult((await _flush([item], CancellationToken.None))[0]);
            }
            catch (Exception error)
            {
                done.TrySetException(error);
            }
        }
    }

    /// <summary>The database unreachable or overloaded: every item would fail alone too, so they fail together, at once.</summary>
    private static bool IsOutage(Exception error) => error is NpgsqlException { IsTransient: true } or TimeoutException;
}
