using System.Threading.Channels;

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
            catch (Exception error)
            {
                foreach (var (_, done) in batch)
                {
                    done.TrySetException(error);
                }
            }
        }
    }
}
