namespace OrleansKombo.Gateway.Api;

/// <summary><c>?page_size=</c> (1–250, default 100) and <c>?cursor=</c>, as CONTRACT.md §3 pages every list.</summary>
public sealed record PageRequest(int Size, string? Cursor)
{
    public const int MaxSize = 250;

    public const int DefaultSize = 100;

    public static bool TryRead(HttpRequest request, out PageRequest page, out IResult? problem)
    {
        page = new PageRequest(DefaultSize, null);
        problem = null;
        var size = request.Query["page_size"].ToString();
        if (size.Length > 0 && (!int.TryParse(size, out var parsed) || parsed is < 1 or > MaxSize))
        {
            problem = ApiError.BadRequest($"page_size must be an integer from 1 to {MaxSize}, not '{size}'.");
            return false;
        }
        var cursor = request.Query["cursor"].ToString();
        page = new PageRequest(size.Length > 0 ? int.Parse(size) : DefaultSize, cursor.Length > 0 ? cursor : null);
        return true;
    }

    public static IResult InvalidCursor() => ApiError.BadRequest("cursor is not one this API gave out.");
}
