using System.Diagnostics.Metrics;

namespace OrleansKombo.Gateway.Operations;

/// <summary>The gateway's own instruments, exported on /metrics next to ASP.NET Core's and Orleans'.</summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "OrleansKombo.Gateway";

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName);
    }

    public Meter Meter { get; }
}
