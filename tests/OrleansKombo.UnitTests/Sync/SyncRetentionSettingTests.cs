using OrleansKombo.Grains.Sync;

namespace OrleansKombo.UnitTests.Sync;

/// <summary>Sync:RetainChangesFor: a month by default, and a retention of nothing (or less) stops the silo naming it.</summary>
public sealed class SyncRetentionSettingTests
{
    [Fact]
    public void Change_feed_entries_are_kept_thirty_days_by_default()
    {
        var options = new SyncOptions();

        Assert.Equal(TimeSpan.FromDays(30), options.RetainChangesFor);
        Assert.Null(options.Problem());
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-1.00:00:00")]
    public void A_retention_that_is_not_positive_is_refused_naming_the_setting(string value) =>
        Assert.StartsWith("Sync:RetainChangesFor must be positive", new SyncOptions { RetainChangesFor = TimeSpan.Parse(value) }.Problem());

    [Fact]
    public void Pull_history_is_kept_thirty_days_by_default() => Assert.Equal(TimeSpan.FromDays(30), new SyncOptions().RetainPullsFor);

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    public void A_pull_history_retention_that_is_not_positive_is_refused_naming_the_setting(string value) =>
        Assert.StartsWith("Sync:RetainPullsFor must be positive", new SyncOptions { RetainPullsFor = TimeSpan.Parse(value) }.Problem());
}
