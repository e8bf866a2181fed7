using OrleansKombo.Gateway.Api;
using OrleansKombo.Hosting;

namespace OrleansKombo.Gateway.Hosting;

/// <summary>The gateway's own settings (CONTRACT.md §1), checked before the host starts.</summary>
public sealed class GatewaySettings
{
    public const string Section = "Gateway";
    public const string WebhookSecretKey = "Kombo:WebhookSecret";

    /// <summary>Bearer keys accepted on <c>/api/*</c>.</summary>
    public IReadOnlyList<string> ApiKeys { get; init; } = [];

    /// <summary>The secret Kombo signs webhooks with; required in Production.</summary>
    public string? WebhookSecret { get; init; }

    /// <summary>How often an idle inbox sweeper looks for events to retry.</summary>
    public TimeSpan WebhookSweepInterval { get; init; }

    /// <summary>How often the read-model gauges on /metrics are read again (<see cref="Operations.ReadModelMetrics"/>).</summary>
    public TimeSpan MetricsRefreshInterval { get; init; }

    public static GatewaySettings Read(IConfiguration configuration, IHostEnvironment environment)
    {
        // Normalised as a presented key is, so a key configured with a stray space or newline still matches.
        var keys = (configuration.GetSection($"{Section}:ApiKeys").Get<string[]>() ?? [])
            .Where(k => !string.IsNullOrWhiteSpace(k)).Select(ApiKeyFilter.Normalize).ToArray();
        if (keys.Length == 0)
        {
            throw new StartupFailure($"{Section}:ApiKeys is empty (env Gateway__ApiKeys__0); the internal API needs at least one key.");
        }
        if (keys.Any(k => k.Length < 16))
        {
            throw new StartupFailure($"{Section}:ApiKeys: every key must be at least 16 characters long.");
        }

        var secret = configuration[WebhookSecretKey];
        if (string.IsNullOrWhiteSpace(secret))
        {
            if (environment.IsProduction())
            {
                throw new StartupFailure($"{WebhookSecretKey} is not set (env Kombo__WebhookSecret); in Production the gateway will not accept unverifiable webhooks.");
            }
            secret = null;
        }

        var sweep = configuration[$"{Section}:WebhookSweepInterval"];
        var interval = TimeSpan.FromSeconds(2);
        if (sweep is not null && (!TimeSpan.TryParse(sweep, System.Globalization.CultureInfo.InvariantCulture, out interval) || interval <= TimeSpan.Zero))
        {
            throw new StartupFailure($"{Section}:WebhookSweepInterval must be a positive time span like 00:00:02, not '{sweep}'.");
        }

        var refresh = configuration[$"{Section}:MetricsRefreshInterval"];
        var metricsInterval = TimeSpan.FromSeconds(15);
        if (refresh is not null && (!TimeSpan.TryParse(refresh, System.Globalization.CultureInfo.InvariantCulture, out metricsInterval)
                                    || metricsInterval < TimeSpan.FromMilliseconds(100) || metricsInterval > TimeSpan.FromMinutes(10)))
        {
            throw new StartupFailure($"{Section}:MetricsRefreshInterval must be a time span from 00:00:00.1 to 00:10:00, like 00:00:15, not '{refresh}'.");
        }

        return new GatewaySettings { ApiKeys = keys, WebhookSecret = secret, WebhookSweepInterval = interval, MetricsRefreshInterval = metricsInterval };
    }
}
