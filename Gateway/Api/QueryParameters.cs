namespace OrleansKombo.Gateway.Api;

/// <summary>Optional query parameters: an empty value counts as absent; a value that does not parse is a 400 naming it.</summary>
public static class QueryParameters
{
    public static string? Optional(HttpRequest request, string name) =>
        request.Query[name].ToString() is { Length: > 0 } value ? value : null;

    public static bool TryReadBool(HttpRequest request, string name, out bool? value, out IResult? problem)
    {
        value = null;
        problem = null;
        if (Optional(request, name) is not { } text)
        {
            return true;
        }
        if (!bool.TryParse(text, out var parsed))
        {
            problem = ApiError.BadRequest($"{name} must be true or false, not '{text}'.");
            return false;
        }
        value = parsed;
        return true;
    }
}
