using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kombo.Sandbox.Tests.Infrastructure;

/// <summary>A real HTTP endpoint that keeps every webhook it gets and answers what the test says.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly List<ReceivedWebhook> received = [];

    private WebhookReceiver(WebApplication app) => this.app = app;

    public string Url { get; private set; } = "";

    /// <summary>The answer to each webhook; default 200 with an empty JSON object.</summary>
    public Func<ReceivedWebhook, (int Status, string Body)> Respond { get; set; } = _ => (200, "{}");

    public IReadOnlyList<ReceivedWebhook> Received
    {
        get
        {
            lock (received)
            {
                return received.ToList();
            }
        }
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/webhooks/kombo", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var raw = buffer.ToArray();
            using var document = JsonDocument.Parse(raw);
            var root = document.RootElement;
            var webhook = new ReceivedWebhook(raw, context.Request.Headers["X-Kombo-Signature"].FirstOrDefault(),
                root.GetProperty("id").GetString()!, root.GetProperty("type").GetString()!, root.GetProperty("data").Clone());
            lock (receiver.received)
            {
                receiver.received.Add(webhook);
            }
            var (status, body) = receiver.Respond(webhook);
            return Results.Text(body, "application/json", statusCode: status);
        });
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/webhooks/kombo";
        return receiver;
    }

    public Task<ReceivedWebhook> WaitFor(string type, Func<JsonElement, bool>? match = null) =>
        Eventually.Get(() => Received.FirstOrDefault(w => w.Type == type && (match?.Invoke(w.Data) ?? true)), $"a {type} webhook");

    public IReadOnlyList<ReceivedWebhook> OfType(string type) => Received.Where(w => w.Type == type).ToList();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
