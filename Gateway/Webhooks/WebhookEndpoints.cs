namespace OrleansKombo.Gateway.Webhooks;

public static class WebhookEndpoints
{
    public static WebApplicationBuilder AddWebhooks(this WebApplicationBuilder builder)
    {
        // Read now, so a bad Webhooks:* setting stops the gateway before it starts.
        builder.Services.AddSingleton(WebhookRetention.Read(builder.Configuration));
        builder.Services.AddSingleton<WebhookSignature>();
        builder.Services.AddSingleton<WebhookInbox>();
        builder.Services.AddSingleton<WebhookProcessor>();
        builder.Services.AddSingleton<WebhookReceiver>();
        builder.Services.AddSingleton<WebhookBodyBudget>();
        builder.Services.AddSingleton<InboxDispatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<InboxDispatcher>());
        builder.Services.AddHostedService<InboxSweeper>();
        builder.Services.AddHostedService<InboxPurger>();
        return builder;
    }

    public static WebApplication MapWebhooks(this WebApplication app)
    {
        app.MapPost("/webhooks/kombo", (HttpRequest request, WebhookReceiver receiver, CancellationToken cancellationToken) =>
                receiver.ReceiveAsync(request, cancellationToken))
            .WithSummary("Kombo's webhook: verified, recorded in the inbox and answered; an order is answered with its grain's decision, any other event is handed to its grain after the answer (CONTRACT.md §2).")
            .AddEndpointFilter(app.Services.GetRequiredService<WebhookBodyBudget>());
        return app;
    }
}
