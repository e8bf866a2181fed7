using Microsoft.Extensions.Configuration;
using OrleansKombo.Gateway.Webhooks;
using OrleansKombo.Hosting;

namespace OrleansKombo.UnitTests.Webhooks;

/// <summary><c>Webhooks:*</c> is checked before the gateway starts, with a line that names the setting.</summary>
public sealed class WebhookRetentionTests
{
    private static WebhookRetention Read(params (string Key, string Value)[] settings) =>
        WebhookRetention.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create<string, string?>($"Webhooks:{s.Key}", s.Value)))
            .Build());

    [Fact]
    public void The_defaults_keep_bodies_30_days_and_ids_90()
    {
        var retention = Read();

        Assert.Equal(TimeSpan.FromDays(30), retention.RetainBodiesFor);
        Assert.Equal(TimeSpan.FromDays(90), retention.RetainIdsFor);
    }

    [Theory]
    [InlineData("RetainBodiesFor", "00:00:00", "Webhooks:RetainBodiesFor")]
    [InlineData("RetainBodiesFor", "a month", "Webhooks")]
    [InlineData("RetainIdsFor", "12:00:00", "Webhooks:RetainIdsFor")]
    [InlineData("RetainIdsFor", "20.00:00:00", "Webhooks:RetainIdsFor")]
    [InlineData("PurgeEvery", "-00:01:00", "Webhooks:PurgeEvery")]
    public void A_bad_setting_stops_the_gateway_naming_it(string key, string value, string named)
    {
        var failure = Assert.Throws<StartupFailure>(() => Read((key, value)));

        Assert.StartsWith(named, failure.Message);
    }
}
