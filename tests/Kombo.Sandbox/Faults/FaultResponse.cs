using System.Globalization;
using System.Text;
using System.Text.Json;
using Kombo.Sandbox.Endpoints;
using Microsoft.AspNetCore.Http;

namespace Kombo.Sandbox.Faults;

/// <summary>Writes what a <see cref="FaultRule"/> asks for; <paramref name="page"/> renders the real page when the fault needs it.</summary>
public sealed class FaultResponse(FaultRule rule, Func<byte[]>? page = null) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        if (rule.RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        if (rule.Body == FaultBody.Json)
        {
            await new KomboError(rule.Status, rule.Code ?? rule.DefaultCode, rule.Message ?? $"Injected fault: HTTP {rule.Status}.").ExecuteAsync(httpContext);
            return;
        }
        var (contentType, body) = rule.Body switch
        {
            FaultBody.Html => ("text/html", Encoding.UTF8.GetBytes(
                $"<html><head><title>{rule.Status} Bad Gateway</title></head><body><center><h1>{rule.Status}</h1></center><hr><center>nginx</center></body></html>")),
            FaultBody.Text => ("text/plain", Encoding.UTF8.GetBytes($"upstream error {rule.Status}")),
            FaultBody.MessageOnly => ("application/json; charset=utf-8", JsonSerializer.SerializeToUtf8Bytes(
                new { status = "error", error = new { message = rule.Message ?? FirstSyncPendingMessage } }, Json.SandboxJson.Options)),
            FaultBody.Truncated => ("application/json; charset=utf-8", Truncate(page?.Invoke() ?? "{\"status\":\"success\",\"data\":{\"next\":null,\"results\":[]}}"u8.ToArray())),
            FaultBody.InvalidJson => ("application/json; charset=utf-8", "{\"status\":\"success\",\"data\":{\"next\":undefined,\"results\":[{,]}"u8.ToArray()),
            _ => ((string?)null, Array.Empty<byte>()),
        };
        response.StatusCode = rule.Status;
        if (contentType is not null)
        {
            response.ContentType = contentType;
        }
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body);
    }

    /// <summary>The message of the first-sync 503 in Kombo's syncing guide (../shared/seeds/kombo-syncing-jobs-guide.txt).</summary>
    public const string FirstSyncPendingMessage =
        "The first sync of this integration didn't finish yet! You can keep polling this until you get a successful response or react to our webhooks.";

    private static byte[] Truncate(byte[] full) => full[..Math.Max(1, full.Length / 2)];
}
