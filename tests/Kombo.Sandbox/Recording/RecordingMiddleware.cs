using System.Text;
using Microsoft.AspNetCore.Http;

namespace Kombo.Sandbox.Recording;

/// <summary>Records every <c>/v1</c> request (control traffic under <c>/sandbox</c> is not the client's and is left out).</summary>
public sealed class RecordingMiddleware(RequestDelegate next, RequestRecorder recorder, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/v1"))
        {
            await next(context);
            return;
        }
        var at = time.GetUtcNow().UtcDateTime;
        string? body = null;
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            context.Request.EnableBuffering();
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true);
            body = await reader.ReadToEndAsync(context.RequestAborted);
            context.Request.Body.Position = 0;
        }
        var recorded = 0;
        void Record()
        {
            // Once only, and before the client can see the answer, so a test that got its response finds the record.
            if (Interlocked.Exchange(ref recorded, 1) == 1)
            {
                return;
            }
            var request = context.Request;
            recorder.Add(sequence => new RecordedRequest(sequence, at, request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "",
                request.Headers["X-Integration-Id"].FirstOrDefault(),
                request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body, context.Response.StatusCode));
        }
        context.Response.OnStarting(() =>
        {
            Record();
            return Task.CompletedTask;
        });
        try
        {
            await next(context);
        }
        finally
        {
            Record();
        }
    }
}
