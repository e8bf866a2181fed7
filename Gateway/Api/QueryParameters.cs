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

    /// <summary>A comma list whose every value must be one of <paramref name="allowed"/>, e.g. <c>status=OPEN,CLOSED</c>.</summary>
    public static bool TryReadList(HttpRequest request, string name, IReadOnlyCollection<string> allowed, out string[]? values, out IResult? problem)
    {
        values = null;
        problem = null;
        if (Optional(request, name) is not { } text)
        {
            return true;
        }
        values = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (values.Length == 0 || values.Any(v => !allowed.Contains(v)))
        {
            problem = ApiError.BadRequest($"{name} must be a comma list of {string.Join(", ", allowed)}, not '{text}'.");
            return false;
        }
        return true;
    }
}
