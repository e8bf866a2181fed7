using Microsoft.AspNetCore.Server.Kestrel.Core;
using OrleansKombo.Gateway.Webhooks;

namespace OrleansKombo.Gateway.Hosting;

/// <summary>
/// What the gateway takes from a connection (the <c>Gateway</c> section): how long headers and a body may take, the slowest
/// a client may send or read, how many connections at once, how large an <c>/api</c> body may be, and how many webhooks may
/// wait for the inbox's writer. A slow or endless client costs a bounded amount of memory and time, then is cut off.
/// </summary>
public sealed class GatewayLimits
{
    public const string Section = "Gateway";

    /// <summary>The largest body an <c>/api</c> request may have (413 above it); a result with attachments by data is the largest.</summary>
    public long MaxApiBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>How long a client may take to send a request's headers (Kestrel's RequestHeadersTimeout).</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long reading a request's body may take in all (408 after it), however steadily it trickles.</summary>
    public TimeSpan RequestBodyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an idle connection is kept open for its next request (Kestrel's KeepAliveTimeout).</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(130);

    /// <summary>The slowest a client may send a body or read a response, in bytes per second, after the grace period.</summary>
    public double MinDataRateBytesPerSecond { get; set; } = 1024;

    /// <summary>How long a transfer may run below <see cref="MinDataRateBytesPerSecond"/> before the connection is closed.</summary>
    public TimeSpan MinDataRateGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Connections open at once; more are closed as they arrive.</summary>
    public long MaxConcurrentConnections { get; set; } = 4096;

    /// <summary>Webhooks waiting for the inbox's batched insert at once (the write queue); more are answered 503, which Kombo retries.</summary>
    public int WebhookQueueItems { get; set; } = 2000;

    /// <summary>
    /// Bytes of webhook bodies the gateway holds at once, from reading them to their answer; a webhook that would go over is
    /// answered 503 before its body is read, which Kombo retries.
    /// </summary>
    public long WebhookBodyBytes { get; set; } = 64 * 1024 * 1024;

    public string? Problem()
    {
        if (MaxApiBodyBytes is < 64 * 1024 or > 1024L * 1024 * 1024)
        {
            return $"{Section}:MaxApiBodyBytes must be from 65536 to 1073741824, not {MaxApiBodyBytes}.";
        }
        foreach (var (name, value, min, max) in new[]
                 {
                     (nameof(RequestHeadersTimeout), RequestHeadersTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)),
                     (nameof(RequestBodyTimeout), RequestBodyTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(30)),
                     (nameof(KeepAliveTimeout), KeepAliveTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
                     (nameof(MinDataRateGracePeriod), MinDataRateGracePeriod, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)),
                 })
        {
            if (value < min || value > max)
            {
                return $"{Section}:{name} must be from {min} to {max}, not {value}.";
            }
        }
        if (!double.IsFinite(MinDataRateBytesPerSecond) || MinDataRateBytesPerSecond is < 1 or > 1024 * 1024)
        {
            return $"{Section}:MinDataRateBytesPerSecond must be from 1 to 1048576, not {MinDataRateBytesPerSecond}.";
        }
        if (MaxConcurrentConnections is < 16 or > 1_000_000)
        {
            return $"{Section}:MaxConcurrentConnections must be from 16 to 1000000, not {MaxConcurrentConnections}.";
        }
        if (WebhookQueueItems is < 1 or > 1_000_000)
        {
            return $"{Section}:WebhookQueueItems must be from 1 to 1000000, not {WebhookQueueItems}.";
        }
        if (WebhookBodyBytes < WebhookReceiver.MaxBodyBytes || WebhookBodyBytes > 16L * 1024 * 1024 * 1024)
        {
            return $"{Section}:WebhookBodyBytes must be from {WebhookReceiver.MaxBodyBytes} (one webhook) to 17179869184, not {WebhookBodyBytes}.";
        }
        return null;
    }

    /// <summary>Kestrel's side; the body's size per route and its total time are <see cref="RequestLimitsMiddleware"/>'s.</summary>
    public void Apply(KestrelServerOptions kestrel)
    {
        var limits = kestrel.Limits;
        limits.RequestHeadersTimeout = RequestHeadersTimeout;
        limits.KeepAliveTimeout = KeepAliveTimeout;
        limits.MinRequestBodyDataRate = new MinDataRate(MinDataRateBytesPerSecond, MinDataRateGracePeriod);
        limits.MinResponseDataRate = new MinDataRate(MinDataRateBytesPerSecond, MinDataRateGracePeriod);
        limits.MaxConcurrentConnections = MaxConcurrentConnections;
        limits.MaxConcurrentUpgradedConnections = MaxConcurrentConnections;
        // The largest any route takes; the middleware lowers it per route before the body is read.
        limits.MaxRequestBodySize = Math.Max(MaxApiBodyBytes, WebhookReceiver.MaxBodyBytes);
    }
}
