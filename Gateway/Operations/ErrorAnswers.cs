using System.Diagnostics;
using OrleansKombo.Gateway.Api;

namespace OrleansKombo.Gateway.Operations;

/// <summary>
/// An exception nothing else handled answers 500 in Kombo's error envelope (CONTRACT.md §3) with the trace id, in every
/// environment: no developer exception page, no stack, no exception text, which may name hosts, tables or values.
/// ASP.NET's exception handler logs the exception itself, under the same trace id.
/// </summary>
public static class ErrorAnswers
{
    public static WebApplication UseErrorAnswers(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context =>
            {
                var trace = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return context.Response.WriteAsJsonAsync(ApiError.Body(
                    $"The gateway failed to answer this request; its log has the error under trace id {trace}."));
            },
        });
        return app;
    }
}
