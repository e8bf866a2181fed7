using Microsoft.AspNetCore.Http.Features;
using OrleansKombo.Gateway.Api;

namespace OrleansKombo.Gateway.Hosting;

/// <summary>
/// Each request's body limits, before any endpoint reads it: its size by route (<c>/api</c>: <c>Gateway:MaxApiBodyBytes</c>;
/// the webhook receiver checks its own 1 MiB; anything else 64 KiB), answered 413 at once when the declared length is over
/// it, and its total read time (<c>Gateway:RequestBodyTimeout</c>, 408). Both answers close the connection, so a client
/// that keeps sending is not read any further.
/// </summary>
public sealed class RequestLimitsMiddleware(RequestDelegate next, GatewayLimits limits, ILogger<RequestLimitsMiddleware> logger)
{
    /// <summary>What a route without a body of its own (health, metrics, the OpenAPI document) may be sent.</summary>
    public const long OtherBodyBytes = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var max = request.Path.StartsWithSegments("/webhooks") ? (long?)null
            : request.Path.StartsWithSegments("/api") ? limits.MaxApiBodyBytes
            : OtherBodyBytes;
        if (max is { } limit)
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = limit;
            }
            if (request.ContentLength > limit)
            {
                await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, $"The body is over {limit} bytes.");
                return;
            }
        }

        using var deadline = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false
            ? null
            : new CancellationTokenSource(limits.RequestBodyTimeout);
        if (deadline is not null)
        {
            request.Body = new DeadlineStream(request.Body, deadline.Token, limits.RequestBodyTimeout);
        }
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException bad) when (!context.Response.HasStarted)
        {
            // Kestrel's own limits (a chunked body over the size) and the body's deadline, answered in our envelope.
            logger.LogInformation("Request {Method} {Path} refused: {Status} {Reason}", request.Method, request.Path, bad.StatusCode, bad.Message);
            await RefuseAsync(context, bad.StatusCode, bad.Message);
        }
    }

    private static Task RefuseAsync(HttpContext context, int status, string message)
    {
        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.Headers.Connection = "close";
        return context.Response.WriteAsJsonAsync(ApiError.Body(message));
    }
}
