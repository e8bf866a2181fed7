using System.Text.Json;
using OrleansKombo.Gateway.Api;

namespace OrleansKombo.Gateway.Webhooks;

/// <summary>The HTTP answer given to Kombo for one event; stored, so a repeated delivery gets it again.</summary>
public sealed record WebhookAnswer(int Status, string? Body)
{
    public static WebhookAnswer Ok { get; } = new(StatusCodes.Status200OK, null);

    public static WebhookAnswer OkWith(object body) => new(StatusCodes.Status200OK, JsonSerializer.Serialize(body));

    public static WebhookAnswer Error(int status, string message) => new(status, JsonSerializer.Serialize(ApiError.Body(message)));

    public IResult ToResult() => Body is null
        ? Results.StatusCode(Status)
        : Results.Text(Body, "application/json", statusCode: Status);
}
