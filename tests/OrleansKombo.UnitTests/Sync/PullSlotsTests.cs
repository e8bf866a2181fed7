using OrleansKombo.Grains.Sync;

namespace OrleansKombo.UnitTests.Sync;

/// <summary>Sync:MaxConcurrentPulls: eight by default, refused outside 1-256, and a waiting pull can always be called off.</summary>
public sealed class PullSlotsTests
{
    [Fact]
    public void Eight_pulls_run_at_once_by_default()
    {
        var options = new SyncOptions();

        Assert.Equal(8, options.MaxConcurrentPulls);
        Assert.Null(options.Problem());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(257)]
    public void A_limit_outside_one_to_256_is_refused_naming_the_setting(int value) =>
        Assert.StartsWith("Sync:MaxConcurrentPulls must be from 1 to 256", new SyncOptions { MaxConcurrentPulls = value }.Problem());

    [Fact]
    public async Task A_pull_waits_while_every_slot_is_taken_and_runs_once_one_is_given_back()
    {
        using var slots = new PullSlots(new SyncOptions { MaxConcurrentPulls = 2 });
        var first = await slots.AcquireAsync(CancellationToken.None);
        var second = await slots.AcquireAsync(CancellationToken.None);

        var third = slots.AcquireAsync(CancellationToken.None);
        Assert.False(third.IsCompleted);
        Assert.Equal((2, 1), (slots.Running, slots.Waiting));

        second.Dispose();
        second.Dispose(); // given back once, however often disposed
        (await third).Dispose();
        first.Dispose();
        Assert.Equal((0, 0, 2), (slots.Running, slots.Waiting, slots.Free));
    }

    [Fact]
    public async Task A_waiting_pull_called_off_ends_and_takes_no_slot()
    {
        using var slots = new PullSlots(new SyncOptions { MaxConcurrentPulls = 1 });
        var held = await slots.AcquireAsync(CancellationToken.None);
        using var deactivating = new CancellationTokenSource();

        var waiting = slots.AcquireAsync(deactivating.Token);
        await deactivating.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal((1, 0), (slots.Running, slots.Waiting));
        held.Dispose();
        (await slots.AcquireAsync(CancellationToken.None)).Dispose();
        Assert.Equal(1, slots.Free);
    }
}
