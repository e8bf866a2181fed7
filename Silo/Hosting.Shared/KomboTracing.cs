using Microsoft.Extensions.Configuration;
using Npgsql;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;

namespace OrleansKombo.Hosting;

/// <summary>
/// Traces, the same on the gateway and the silo: a webhook's request (the gateway adds ASP.NET Core's source), its grain
/// call (Orleans' sources, with activity propagation across the call: <c>AddActivityPropagation</c> on both sides), the
/// Kombo HTTP calls the grain makes and the PostgreSQL statements (Npgsql), in one trace. They are exported over OTLP
/// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the exporter reads the standard <c>OTEL_*</c> variables); without it
/// nothing listens and no span is even created.
/// </summary>
public static class KomboTracing
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// The gateway's own spans: the delivery of a webhook answered on receipt, which runs after its request has ended and
    /// continues the request's trace (Gateway/Webhooks/InboxDispatcher).
    /// </summary>
    public const string WebhookSource = "OrleansKombo.Webhooks";

    /// <summary>Whether this host exports traces.</summary>
    public static bool Enabled(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);

    /// <summary>The sources and instrumentations of a trace; tests add their own exporter to the same list.</summary>
    public static TracerProviderBuilder AddKomboSources(this TracerProviderBuilder tracing) => tracing
        .AddSource(ActivitySources.AllActivitySourceName)
        .AddSource(WebhookSource)
        .AddHttpClientInstrumentation()
        .AddNpgsql();
}
