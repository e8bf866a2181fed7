using System.Net;
using Microsoft.Extensions.Configuration;

namespace OrleansKombo.Hosting;

/// <summary>The <c>Orleans</c> configuration section of CONTRACT.md §1, checked before the silo starts.</summary>
internal sealed class SiloSettings
{
    public const string Section = "Orleans";

    public string ClusterId { get; set; } = "kombo-dev";
    public string ServiceId { get; set; } = "orleans-kombo";
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;
    public string AdvertisedIP { get; set; } = "127.0.0.1";

    /// <summary>
    /// Listen on every interface (0.0.0.0) instead of only the advertised address: for a host whose advertised
    /// address is not its own (NAT, some containers). Off, so a silo is reachable only where it says it is.
    /// </summary>
    public bool ListenOnAnyAddress { get; set; }

    /// <summary>
    /// Where the silo serves Prometheus metrics (<c>http://&lt;AdvertisedIP&gt;:&lt;port&gt;/metrics</c>, and on loopback
    /// too); 0 for none. A second silo on the same host sets another port.
    /// </summary>
    public int MetricsPort { get; set; } = 9464;

    public IPAddress AdvertisedAddress => IPAddress.Parse(AdvertisedIP);

    public static SiloSettings Read(IConfiguration configuration)
    {
        var settings = new SiloSettings();
        try
        {
            configuration.GetSection(Section).Bind(settings);
        }
        catch (InvalidOperationException e)
        {
            throw new StartupFailure($"{Section}: {e.Message}");
        }

        Require(!string.IsNullOrWhiteSpace(settings.ClusterId), "ClusterId", "must not be empty");
        Require(!string.IsNullOrWhiteSpace(settings.ServiceId), "ServiceId", "must not be empty");
        Require(settings.SiloPort is > 0 and < 65536, "SiloPort", $"must be a TCP port, not {settings.SiloPort}");
        Require(settings.GatewayPort is >= 0 and < 65536, "GatewayPort", $"must be a TCP port (0 for none), not {settings.GatewayPort}");
        Require(IPAddress.TryParse(settings.AdvertisedIP, out _), "AdvertisedIP", $"must be an IP address, not '{settings.AdvertisedIP}'");
        Require(settings.MetricsPort is >= 0 and < 65536, "MetricsPort", $"must be a TCP port (0 for none), not {settings.MetricsPort}");
        Require(settings.MetricsPort == 0 || (settings.MetricsPort != settings.SiloPort && settings.MetricsPort != settings.GatewayPort),
            "MetricsPort", $"must differ from SiloPort and GatewayPort, not {settings.MetricsPort}");
        return settings;
    }

    private static void Require(bool condition, string key, string problem)
    {
        if (!condition)
        {
            throw new StartupFailure($"{Section}:{key} {problem}.");
        }
    }
}
