using Kombo.Sandbox.Endpoints;
using Kombo.Sandbox.Integrations;
using Kombo.Sandbox.Recording;
using Kombo.Sandbox.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Kombo.Sandbox.Hosting;

/// <summary>Wires the sandbox into an ASP.NET application: state, recorder, the <c>/v1</c> API and the <c>/sandbox</c> control API.</summary>
public static class SandboxWebApp
{
    public static WebApplication Build(SandboxOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SandboxWebApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
        // One line per request would drown the demo's own log lines.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            var source = Json.SandboxJson.Options;
            json.SerializerOptions.PropertyNamingPolicy = source.PropertyNamingPolicy;
            json.SerializerOptions.PropertyNameCaseInsensitive = true;
            json.SerializerOptions.Encoder = source.Encoder;
            foreach (var converter in source.Converters)
            {
                json.SerializerOptions.Converters.Add(converter);
            }
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(options.Time);
        builder.Services.AddSingleton(new RequestRecorder(options.RecorderCapacity));
        builder.Services.AddSingleton<WebhookDispatcher>();
        builder.Services.AddSingleton<SandboxState>();

        var app = builder.Build();
        app.UseMiddleware<RecordingMiddleware>();
        // `curl -d` labels its body as a form; the control API reads JSON whatever the label says. This must run before
        // routing, which picks endpoints by content type.
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/sandbox") && context.Request.ContentLength > 0)
            {
                context.Request.ContentType = "application/json";
            }
            return next(context);
        });
        app.UseRouting();
        app.MapGroup("/v1")
            .AddEndpointFilter(KomboGate.RequireApiKey)
            .MapAtsReads()
            .MapAssessment()
            .MapApplicationWrites()
            .MapPlatform();
        app.MapGroup("/sandbox").MapControl();
        return app;
    }
}
