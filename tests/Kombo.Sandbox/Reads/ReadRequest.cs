using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Kombo.Sandbox.Reads;

/// <summary>One page request of a list endpoint, validated: where the page starts and the read's filters.</summary>
public sealed record ReadRequest(string Endpoint, int PageSize, long After, int PageIndex, string Filters, IReadOnlyDictionary<string, StringValues> FilterValues)
{
    /// <summary>Parses paging; with a cursor, the filters are the ones the read started with.</summary>
    public static ReadRequest Parse(string endpoint, IQueryCollection query)
    {
        var values = query.ToDictionary(kv => kv.Key, kv => kv.Value);
        var pageSize = QueryValues.PageSize(values);
        if (QueryValues.Single(values, "cursor") is { } text)
        {
            var cursor = ReadCursor.Decode(text, endpoint);
            return new ReadRequest(endpoint, pageSize, cursor.After, cursor.Page, cursor.Filters, QueryHelpers.ParseQuery(cursor.Filters));
        }
        var filters = values.Where(kv => RecordFilter.IsFilter(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value);
        return new ReadRequest(endpoint, pageSize, 0, 0, QueryString.Create(filters).ToUriComponent(), filters);
    }

    /// <summary>
    /// Collects one page from records in ascending <paramref name="sequence"/> order, starting after the cursor's. A page
    /// ends after <see cref="PageSize"/> matches; <c>next</c> is null only when no later record matches, so a read does
    /// not end on an empty page.
    /// </summary>
    public ReadPage Collect<T>(IReadOnlyList<T> records, Func<T, long> sequence, Func<T, bool> predicate, Func<T, byte[]> render)
    {
        var results = new List<byte[]>(Math.Min(PageSize, 256));
        var last = After;
        var i = IndexAfter(records, sequence);
        for (; i < records.Count && results.Count < PageSize; i++)
        {
            var record = records[i];
            if (predicate(record))
            {
                results.Add(render(record));
                last = sequence(record);
            }
        }
        var more = false;
        for (; i < records.Count && !more; i++)
        {
            more = predicate(records[i]);
        }
        return new ReadPage(results, more ? new ReadCursor(Endpoint, last, PageIndex + 1, Filters).Encode() : null);
    }

    private int IndexAfter<T>(IReadOnlyList<T> records, Func<T, long> sequence)
    {
        int low = 0, high = records.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (sequence(records[mid]) <= After)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }
}
