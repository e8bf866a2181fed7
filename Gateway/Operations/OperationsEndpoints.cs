using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using OrleansKombo.Hosting;

namespace OrleansKombo.Gateway.Operations;

public static class OperationsEndpoints
{
    private const string Ready = "ready";

    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HealthFailureLog>();
        builder.Services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>(PostgresHealthCheck.Name, tags: [Ready])
            .AddCheck<ClusterHealthCheck>(ClusterHealthCheck.Name, tags: [Ready]);
        var telemetry = builder.Services.AddOpenTelemetry();
        if (KomboTracing.Enabled(builder.Configuration))
        {
            telemetry.ConfigureResource(r => r.AddService("orleans-kombo-gateway"))
                .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddKomboSources().AddOtlpExporter());
        }
        telemetry.WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddMeter("Microsoft.Orleans", GatewayMetrics.MeterName, ReadModelMetrics.MeterName)
            .AddPrometheusExporter());
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddSingleton<ReadModelMetrics>();
        builder.Services.AddHostedService(p => p.GetRequiredService<ReadModelMetrics>());
        return builder;
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false, ResponseWriter = WriteReport });
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteReport });
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    /// <summary>Each check's status and its fixed description: no exception text, host or address (those are logged).</summary>
    private static Task WriteReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}
