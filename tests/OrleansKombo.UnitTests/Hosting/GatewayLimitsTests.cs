using Microsoft.AspNetCore.Server.Kestrel.Core;
using OrleansKombo.Gateway.Hosting;

namespace OrleansKombo.UnitTests.Hosting;

/// <summary>The gateway's connection limits: sane defaults, each setting checked with a line that names it, and Kestrel configured with them.</summary>
public sealed class GatewayLimitsTests
{
    [Fact]
    public void The_defaults_are_valid_and_configure_kestrel()
    {
        var limits = new GatewayLimits();
        var kestrel = new KestrelServerOptions();

        Assert.Null(limits.Problem());
        limits.Apply(kestrel);

        Assert.Equal(TimeSpan.FromSeconds(10), kestrel.Limits.RequestHeadersTimeout);
        Assert.Equal(TimeSpan.FromSeconds(130), kestrel.Limits.KeepAliveTimeout);
        Assert.Equal((1024d, TimeSpan.FromSeconds(5)), (kestrel.Limits.MinRequestBodyDataRate!.BytesPerSecond, kestrel.Limits.MinRequestBodyDataRate.GracePeriod));
        Assert.Equal(1024d, kestrel.Limits.MinResponseDataRate!.BytesPerSecond);
        Assert.Equal(4096, kestrel.Limits.MaxConcurrentConnections);
        Assert.Equal(16 * 1024 * 1024, kestrel.Limits.MaxRequestBodySize);
    }

    public static TheoryData<Action<GatewayLimits>, string> Bad() => new()
    {
        { l => l.MaxApiBodyBytes = 1000, "Gateway:MaxApiBodyBytes" },
        { l => l.RequestHeadersTimeout = TimeSpan.Zero, "Gateway:RequestHeadersTimeout" },
        { l => l.RequestBodyTimeout = TimeSpan.FromHours(2), "Gateway:RequestBodyTimeout" },
        { l => l.KeepAliveTimeout = TimeSpan.FromMilliseconds(10), "Gateway:KeepAliveTimeout" },
        { l => l.MinDataRateGracePeriod = TimeSpan.Zero, "Gateway:MinDataRateGracePeriod" },
        { l => l.MinDataRateBytesPerSecond = 0, "Gateway:MinDataRateBytesPerSecond" },
        { l => l.MinDataRateBytesPerSecond = double.NaN, "Gateway:MinDataRateBytesPerSecond" },
        { l => l.MaxConcurrentConnections = 0, "Gateway:MaxConcurrentConnections" },
        { l => l.WebhookQueueItems = 0, "Gateway:WebhookQueueItems" },
        { l => l.WebhookBodyBytes = 1000, "Gateway:WebhookBodyBytes" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void A_setting_out_of_its_range_is_named(Action<GatewayLimits> change, string setting)
    {
        var limits = new GatewayLimits();
        change(limits);

        Assert.StartsWith(setting + " must be", limits.Problem());
    }
}
