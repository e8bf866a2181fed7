using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Kombo.Sandbox.Endpoints;

/// <summary>Kombo's error envelope; all four <c>error</c> keys are always present.</summary>
public sealed record KomboError(int Status, string? Code, string Message, string? Title = null) : IResult
{
    public static KomboError InputInvalid(string message) => new(400, "PLATFORM.INPUT_INVALID", message, "The input is invalid.");

    public static KomboError IntegrationNotFound(string id) =>
        new(404, "PLATFORM.INTEGRATION_NOT_FOUND", $"No integration with the id '{id}' exists.", "Integration not found.");

    public static KomboError NotFound(string message) => new(404, "PLATFORM.INPUT_INVALID", message, "Not found.");

    private byte[] Body() => JsonSerializer.SerializeToUtf8Bytes(new
    {
        status = "error",
        error = new
        {
            code = Code,
            title = Title,
            message = Message,
            log_url = $"https://app.kombo.dev/sandbox/logs?interactionId={Guid.NewGuid():N}",
        },
    }, Kombo.Sandbox.Json.SandboxJson.Options);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var body = Body();
        httpContext.Response.StatusCode = Status;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        httpContext.Response.ContentLength = body.Length;
        await httpContext.Response.Body.WriteAsync(body);
    }
}
