namespace OrleansKombo.Gateway.Api;

/// <summary>Kombo's error envelope, which CONTRACT.md §3 uses for every error the internal API gives.</summary>
public static class ApiError
{
    /// <summary>The envelope itself; webhook answers use it too.</summary>
    public static object Body(string message) => new { status = "error", error = new { message } };

    public static IResult Result(int statusCode, string message) => Results.Json(Body(message), statusCode: statusCode);

    public static IResult BadRequest(string message) => Result(StatusCodes.Status400BadRequest, message);

    public static IResult NotFound(string message) => Result(StatusCodes.Status404NotFound, message);
}
