using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansKombo.Gateway.OperatorConsole;

/// <summary>What a page reads from an API handler's answer: its status, and the message of its error envelope.</summary>
public static class ApiAnswer
{
    public static int Status(IResult result) => (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;

    /// <summary>The answer's body as the API would send it (null for none).</summary>
    public static JsonNode? Body(IResult result) => JsonSerializer.SerializeToNode((result as IValueHttpResult)?.Value, KomboJson.Options);

    /// <summary>The message of <see cref="Api.ApiError.Body"/>, shown on the page as the API would send it.</summary>
    public static string Message(IResult result) =>
        Body(result)?["error"]?["message"]?.GetValue<string>() ?? "no message";

    /// <summary>What a page says after a lever: <paramref name="done"/> for a 2xx, else the API's status and message.</summary>
    public static string Said(IResult result, string done)
    {
        var status = Status(result);
        return status is >= 200 and < 300 ? done : $"Refused ({status}): {Message(result)}";
    }
}
