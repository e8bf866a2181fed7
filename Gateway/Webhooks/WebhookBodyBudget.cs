using OrleansKombo.Gateway.Hosting;
using OrleansKombo.Gateway.Operations;

namespace OrleansKombo.Gateway.Webhooks;

/// <summary>
/// The bytes of webhook bodies the gateway holds at once (<c>Gateway:WebhookBodyBytes</c>): each delivery reserves its
/// declared length (or the most a body may be, when it declares none) before its body is read, and gives it back with its
/// answer. One that would go over is answered 503 at once, which Kombo retries, so a flood of large or slow deliveries
/// costs bounded memory however many connections it opens.
/// </summary>
public sealed class WebhookBodyBudget(GatewayLimits limits, GatewayMetrics metrics) : IEndpointFilter
{
    private long _held;

    /// <summary>Bytes reserved right now.</summary>
    public long Held => Interlocked.Read(ref _held);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var bytes = Math.Clamp(context.HttpContext.Request.ContentLength ?? WebhookReceiver.MaxBodyBytes, 0, WebhookReceiver.MaxBodyBytes);
        if (Interlocked.Add(ref _held, bytes) > limits.WebhookBodyBytes)
        {
            Interlocked.Add(ref _held, -bytes);
            metrics.WebhookAnswered("?", StatusCodes.Status503ServiceUnavailable);
            return WebhookAnswer.Error(StatusCodes.Status503ServiceUnavailable,
                $"The gateway holds {limits.WebhookBodyBytes} bytes of webhooks already; retry later.").ToResult();
        }
        try
        {
            return await next(context);
        }
        finally
        {
            Interlocked.Add(ref _held, -bytes);
        }
    }
}
