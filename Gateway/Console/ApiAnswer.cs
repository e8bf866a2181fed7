using System.Text.Json;

namespace OrleansKombo.Gateway.OperatorConsole;

/// <summary>What a page reads from an API handler's answer: its status, and the message of its error envelope.</summary>
public static class ApiAnswer
{
    public static int Status(IResult result) => (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;

    /// <summary>The message of <see cref="Api.ApiError.Body"/>, shown on the page as the API would send it.</summary>
    public static string Message(IResult result) =>
        JsonSerializer.SerializeToNode((result as IValueHttpResult)?.Value, KomboJson.Options)?["error"]?["message"]?.GetValue<string>() ?? "no message";
}
