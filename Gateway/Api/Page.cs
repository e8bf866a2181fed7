namespace OrleansKombo.Gateway.Api;

/// <summary>A page of a list: <c>{"results":[…],"next":"&lt;cursor&gt;"|null}</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Results, string? Next)
{
    /// <summary>
    /// Lists read one row more than the page holds: that row only tells whether a next page exists, and the
    /// cursor points at the last row shown, so the next page starts right after it.
    /// </summary>
    public static Page<T> Of<TRow>(IReadOnlyList<TRow> rows, int size, Func<TRow, T> view, Func<TRow, string> cursor) =>
        new(rows.Take(size).Select(view).ToList(), rows.Count > size ? cursor(rows[size - 1]) : null);
}
