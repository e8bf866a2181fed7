using System.Threading.Channels;

namespace OrleansKombo.Grains.Sync;

/// <summary>
/// Reads a pull's pages ahead of its writer (issue 16 §4): Kombo's cursors are sequential, so one reader walks them in
/// order, model after model, and hands each page (already filtered and hashed) to a bounded channel while the writer
/// commits earlier ones. The writer still commits one page at a time, each with its checkpoint, in order: the read-ahead
/// only decides when a page is fetched, never what is written. At most <c>depth</c> pages wait in the channel and one
/// more is being fetched, so memory is bounded. A page that fails to read is handed over as its error and ends the
/// read-ahead (a model Kombo refuses is handed over and the next model read, as the writer skips it); disposing it
/// cancels the fetch under way and waits for it, so no fetch outlives the pull.
/// </summary>
public sealed class PageReadAhead : IAsyncDisposable
{
    /// <summary>A page read at (<paramref name="ModelIndex"/>, <paramref name="Cursor"/>), or the error reading it.</summary>
    public sealed record Page(int ModelIndex, string? Cursor, IReadOnlyList<KeptRecord> Records, string? Next, Exception? Error);

    private readonly Channel<Page> _pages;
    private readonly CancellationTokenSource _stop;
    private readonly Task _reading;

    /// <param name="depth">How many pages may wait for the writer (one more may be in flight).</param>
    /// <param name="modelIndex">Where to start: the pull's checkpoint.</param>
    /// <param name="cursor">The checkpoint's cursor (null: the model's first page).</param>
    /// <param name="models">How many models the pull reads, in order.</param>
    /// <param name="shouldRead">Whether the pull reads the page at (model, cursor); a model it does not read is passed over.</param>
    /// <param name="read">Reads the page at (model, cursor).</param>
    /// <param name="skipsModel">Whether an error reading a page means the pull skips the model and reads the next.</param>
    public PageReadAhead(int depth, int modelIndex, string? cursor, int models, Func<int, string?, bool> shouldRead,
        Func<int, string?, CancellationToken, Task<(IReadOnlyList<KeptRecord> Records, string? Next)>> read,
        Func<Exception, bool> skipsModel, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        _pages = Channel.CreateBounded<Page>(new BoundedChannelOptions(depth) { SingleReader = true, SingleWriter = true });
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _reading = ReadAsync(modelIndex, cursor, models, shouldRead, read, skipsModel, _stop.Token);
    }

    /// <summary>
    /// The next page, if it is the one at (<paramref name="modelIndex"/>, <paramref name="cursor"/>); null when the
    /// read-ahead went elsewhere or has nothing more (the caller then starts one from its checkpoint).
    /// </summary>
    public async Task<Page?> TakeAsync(int modelIndex, string? cursor, CancellationToken cancellationToken)
    {
        if (!await _pages.Reader.WaitToReadAsync(cancellationToken) || !_pages.Reader.TryRead(out var page))
        {
            return null;
        }
        return page.ModelIndex == modelIndex && page.Cursor == cursor ? page : null;
    }

    private async Task ReadAsync(int modelIndex, string? cursor, int models, Func<int, string?, bool> shouldRead,
        Func<int, string?, CancellationToken, Task<(IReadOnlyList<KeptRecord> Records, string? Next)>> read,
        Func<Exception, bool> skipsModel, CancellationToken cancellationToken)
    {
        try
        {
            while (modelIndex < models && !cancellationToken.IsCancellationRequested)
            {
                if (!shouldRead(modelIndex, cursor))
                {
                    (modelIndex, cursor) = (modelIndex + 1, null);
                    continue;
                }
                Page page;
                try
                {
                    var (records, next) = await read(modelIndex, cursor, cancellationToken);
                    page = new Page(modelIndex, cursor, records, next, null);
                }
                catch (Exception error) when (!cancellationToken.IsCancellationRequested)
                {
                    page = new Page(modelIndex, cursor, [], null, error);
                }
                await _pages.Writer.WriteAsync(page, cancellationToken);
                if (page.Error is { } failed && !skipsModel(failed))
                {
                    return;
                }
                (modelIndex, cursor) = page.Error is not null || page.Next is null ? (modelIndex + 1, null) : (modelIndex, page.Next);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by the writer (it failed, finished or went elsewhere): the page in flight is not wanted.
        }
        finally
        {
            _pages.Writer.TryComplete();
        }
    }

    /// <summary>Stops reading and waits for the fetch under way, if any, to end.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reading;
        }
        catch (OperationCanceledException)
        {
            // The fetch was cancelled mid-way; nothing is left running.
        }
        _stop.Dispose();
    }
}
