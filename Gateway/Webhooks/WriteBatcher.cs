using System.Threading.Channels;

namespace OrleansKombo.Gateway.Webhooks;

/// <summary>
/// Group commit in the application: callers enqueue one item each and await its result, while a few flushers
/// write whatever has queued up in one statement. Under load this turns one commit per webhook into one per
/// batch; when idle a batch is a single item, so nothing waits for a timer.
/// </summary>
public sealed class WriteBatcher<TItem, TResult>
{
    private readonly Channel<(TItem Item, TaskCompletionSource<TResult> Done)> _queue =
        Channel.CreateUnbounded<(TItem, TaskCompletionSource<TResult>)>();

    private readonly Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TResult>>> _flush;
    private readonly int _maxBatch;

    /// <param name="flush">Writes a batch and returns one result per item, in order.</param>
    public WriteBatcher(Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TResult>>> flush, int maxBatch = 200, int flushers = 2)
    {
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
        _queue.Writer.TryWrite((item, done));
        return done.Task;
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
