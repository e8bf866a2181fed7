using System.Text.Json;
using Npgsql;

namespace OrleansKombo.Gateway.Api;

/// <summary>
/// A JSON request body read as one value: parsed, then checked by the caller's reader. A body that is not JSON, or one the
/// reader refuses, is a 400 saying why.
/// </summary>
public static class JsonBody
{
    /// <summary>
    /// The body of a command to one integration: the body is checked first (400), then that the integration is known (404).
    /// </summary>
    /// <returns>The value; or a problem to answer.</returns>
    public static async Task<(T Value, IResult? Problem)> ReadForIntegrationAsync<T>(Stream body,
        Func<JsonElement, (T Value, string? Problem)> read, NpgsqlDataSource db, string integrationId, CancellationToken cancellationToken)
    {
        var (value, problem) = await ReadAsync(body, read, cancellationToken);
        if (problem is null && !await IntegrationData.ExistsAsync(db, integrationId, cancellationToken))
        {
            problem = IntegrationData.NotFound(integrationId);
        }
        return (value, problem);
    }

    /// <param name="read">The value, or what is wrong with the body (then the value is not used).</param>
    /// <returns>The value; or a problem to answer, and then the value the reader gave or the type's default.</returns>
    public static async Task<(T Value, IResult? Problem)> ReadAsync<T>(Stream body, Func<JsonElement, (T Value, string? Problem)> read,
        CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
            var (value, problem) = read(document.RootElement);
            return (value, problem is null ? null : ApiError.BadRequest(problem));
        }
        catch (JsonException e)
        {
            return (default!, ApiError.BadRequest("The body is not JSON: " + e.Message));
        }
    }
}
