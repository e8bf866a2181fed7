using System.Collections.Concurrent;
using OrleansKombo.Grains.Sync;

namespace OrleansKombo.UnitTests.Sync;

/// <summary>
/// The pull's read-ahead (issue 16 §4): pages in cursor order, model after model, at most depth + 1 ahead of the writer,
/// stopped by a failing page, and nothing left fetching once disposed.
/// </summary>
public sealed class PageReadAheadTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Models of <paramref name="pages"/> pages each; cursors are "model/page".</summary>
    private sealed class FakeKombo(int[] pages, Func<int, int, Exception?>? fail = null)
    {
        public ConcurrentQueue<string> Reads { get; } = new();

        public Task<(IReadOnlyList<KeptRecord> Records, string? Next)> ReadAsync(int model, string? cursor, CancellationToken cancellationToken)
        {
            var page = cursor is null ? 0 : int.Parse(cursor.Split('/')[1]);
            Reads.Enqueue($"{model}/{page}");
            if (fail?.Invoke(model, page) is { } error)
            {
                return Task.FromException<(IReadOnlyList<KeptRecord>, string?)>(error);
            }
            var next = page + 1 < pages[model] ? $"{model}/{page + 1}" : null;
            return Task.FromResult<(IReadOnlyList<KeptRecord>, string?)>(([], next));
        }
    }

    private static PageReadAhead Start(FakeKombo kombo, int models, int depth = 3, Func<int, bool>? readsModel = null,
        Func<Exception, bool>? skipsModel = null) =>
        new(depth, 0, null, models, (model, _) => readsModel?.Invoke(model) ?? true, kombo.ReadAsync, skipsModel ?? (_ => false), default);

    [Fact]
    public async Task Pages_come_in_cursor_order_model_after_model_passing_over_models_the_pull_does_not_read()
    {
        var kombo = new FakeKombo([2, 3, 1]);
        await using var ahead = Start(kombo, 3, readsModel: model => model != 1);

        var taken = new List<string>();
        var (model, cursor) = (0, (string?)null);
        while (model < 3)
        {
            if (model == 1)
            {
                (model, cursor) = (2, null);
                continue;
            }
            var page = await ahead.TakeAsync(model, cursor, default).WaitAsync(Patience);
            Assert.NotNull(page);
            taken.Add($"{page.ModelIndex}/{page.Cursor ?? "first"}");
            (model, cursor) = page.Next is null ? (model + 1, null) : (model, page.Next);
        }

        Assert.Equal(["0/first", "0/0/1", "2/first"], taken);
        Assert.Equal(["0/0", "0/1", "2/0"], kombo.Reads);
        Assert.Null(await ahead.TakeAsync(3, null, default).WaitAsync(Patience));
    }

    [Fact]
    public async Task A_failing_page_is_handed_over_as_its_error_and_nothing_after_it_is_fetched()
    {
        var broken = new HttpRequestException("Kombo answered 500");
        var kombo = new FakeKombo([10, 5], fail: (model, page) => model == 0 && page == 2 ? broken : null);
        await using var ahead = Start(kombo, 2);

        Assert.Null((await ahead.TakeAsync(0, null, default))!.Error);
        Assert.Null((await ahead.TakeAsync(0, "0/1", default))!.Error);
        var failed = await ahead.TakeAsync(0, "0/2", default);
        Assert.Same(broken, failed!.Error);
        Assert.Null(await ahead.TakeAsync(0, "0/3", default).WaitAsync(Patience));
        Assert.Equal(["0/0", "0/1", "0/2"], kombo.Reads);
    }

    [Fact]
    public async Task A_model_the_pull_skips_on_an_error_is_handed_over_and_the_next_model_is_read()
    {
        var refused = new InvalidOperationException("refused");
        var kombo = new FakeKombo([3, 1], fail: (model, _) => model == 0 ? refused : null);
        await using var ahead = Start(kombo, 2, skipsModel: error => error == refused);

        Assert.Same(refused, (await ahead.TakeAsync(0, null, default))!.Error);
        var next = await ahead.TakeAsync(1, null, default);
        Assert.Null(next!.Error);
        Assert.Equal(["0/0", "1/0"], kombo.Reads);
    }

    [Fact]
    public async Task It_reads_at_most_depth_pages_plus_the_one_in_flight_ahead_of_a_writer_that_takes_none()
    {
        var kombo = new FakeKombo([100]);
        // The fake answers at once, so the reader runs inline until the channel is full: two pages wait, the third's
        // hand-over blocks, and no fourth read can start until the writer takes one.
        await using var ahead = Start(kombo, 1, depth: 2);
        Assert.Equal(3, kombo.Reads.Count);

        await ahead.TakeAsync(0, null, default);
        var deadline = DateTime.UtcNow + Patience;
        while (kombo.Reads.Count < 4 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        Assert.Equal(4, kombo.Reads.Count);
    }

    [Fact]
    public async Task Disposing_cancels_the_fetch_under_way_and_waits_for_it()
    {
        var started = new TaskCompletionSource();
        var ended = false;
        var ahead = new PageReadAhead(3, 0, null, 1, (_, _) => true, async (_, _, cancellationToken) =>
        {
            started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return ([], null);
            }
            finally
            {
                ended = true;
            }
        }, _ => false, default);

        await started.Task.WaitAsync(Patience);
        await ahead.DisposeAsync().AsTask().WaitAsync(Patience);
        Assert.True(ended);
    }
}
