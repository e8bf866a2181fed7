namespace OrleansKombo.Gateway.Api;

/// <summary>Kombo's error envelope, which CONTRACT.md §3 uses for every error the internal API gives.</summary>
public static class ApiError
{
    public static IResult Result(int statusCode, string message) =>
        Results.Json(new { status = "error", error = new { message } }, statusCode: statusCode);

    public static IResult BadRequest(string message) => Result(StatusCodes.Status400BadRequest, message);

    public static IResult NotFound(string message) => Result(StatusCodes.Status404NotFound, message);
}
