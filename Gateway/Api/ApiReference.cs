using Scalar.AspNetCore;

namespace OrleansKombo.Gateway.Api;

/// <summary>
/// The API reference at /scalar, rendered by Scalar from /openapi/v1.json. Everything it loads comes from the gateway:
/// Scalar.AspNetCore serves its bundled script itself (/scalar/scalar.js); its default fonts (from Scalar's CDN) and its
/// telemetry are switched off, because the machines it runs on have no internet.
/// </summary>
public static class ApiReference
{
    public const string Path = "/scalar";

    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapScalarApiReference(Path, options => options
            .WithTitle("OrleansKombo internal API")
            .DisableDefaultFonts()
            .DisableTelemetry());
        return app;
    }
}
