using System.Diagnostics.Metrics;
using OrleansKombo.Webhooks;

namespace OrleansKombo.Gateway.Operations;

/// <summary>The gateway's own instruments, exported on /metrics next to ASP.NET Core's and Orleans'.</summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "OrleansKombo.Gateway";

    private readonly Counter<long> _answered;
    private readonly Counter<long> _processed;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _repeated;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _answered = meter.CreateCounter<long>("kombo_webhooks_answered", description: "Webhook deliveries answered, by type and HTTP status");
        _processed = meter.CreateCounter<long>("kombo_webhooks_processed", description: "Webhook events a grain accepted, by type");
        _failed = meter.CreateCounter<long>("kombo_webhooks_failed", description: "Attempts to hand an event to its grain that failed, by type");
        _repeated = meter.CreateCounter<long>("kombo_webhooks_repeated", description: "Repeated deliveries answered from the inbox, by type");
    }

    public void WebhookAnswered(string type, int status) =>
        _answered.Add(1, new("type", Label(type)), new("status", status));

    public void WebhookProcessed(string type, int status) =>
        _processed.Add(1, new("type", Label(type)), new("status", status));

    public void WebhookFailed(string type) => _failed.Add(1, new KeyValuePair<string, object?>("type", Label(type)));

    public void WebhookRepeated(string type) => _repeated.Add(1, new KeyValuePair<string, object?>("type", Label(type)));

    /// <summary>Kombo's documented types by name, anything else as <c>other</c>: a sender's made-up types cannot grow the series without end.</summary>
    private static string Label(string type) => type == "?" || KomboEventTypes.Shapes.ContainsKey(type) ? type : "other";
}
