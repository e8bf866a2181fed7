using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Primitives;

namespace Kombo.Sandbox.Reads;

/// <summary>Parses Kombo's query parameter conventions: comma lists, <c>"true"/"false"</c> strings, its date pattern.</summary>
public static partial class QueryValues
{
    /// <summary>Kombo's date format, in query parameters and write bodies alike.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?)?Z?$")]
    internal static partial Regex DatePattern();

    public static string? Single(IReadOnlyDictionary<string, StringValues> query, string name) =>
        query.TryGetValue(name, out var values) && !StringValues.IsNullOrEmpty(values) ? values.ToString() : null;

    public static HashSet<string>? List(IReadOnlyDictionary<string, StringValues> query, string name, StringComparer? comparer = null, IReadOnlyCollection<string>? allowed = null)
    {
        var raw = Single(query, name);
        if (raw is null)
        {
            return null;
        }
        var items = raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(comparer ?? StringComparer.Ordinal);
        if (allowed is not null && items.FirstOrDefault(i => !allowed.Contains(i)) is { } bad)
        {
            throw new KomboInputException($"'{bad}' is not a valid value for '{name}'; allowed: {string.Join(", ", allowed)}.");
        }
        return items;
    }

    public static bool Bool(IReadOnlyDictionary<string, StringValues> query, string name) =>
        Single(query, name) switch
        {
            null or "false" => false,
            "true" => true,
            var other => throw new KomboInputException($"'{name}' must be \"true\" or \"false\", not '{other}'."),
        };

    public static DateTime? Date(IReadOnlyDictionary<string, StringValues> query, string name)
    {
        var raw = Single(query, name);
        if (raw is null)
        {
            return null;
        }
        if (!DatePattern().IsMatch(raw)
            || !DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value))
        {
            throw new KomboInputException($"'{name}' must be a date like YYYY-MM-DDTHH:mm:ss.sssZ, not '{raw}'.");
        }
        return value;
    }

    public static int PageSize(IReadOnlyDictionary<string, StringValues> query)
    {
        var raw = Single(query, "page_size");
        if (raw is null)
        {
            return 100;
        }
        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1 || size > 250)
        {
            throw new KomboInputException($"'page_size' must be an integer from 1 to 250, not '{raw}'.");
        }
        return size;
    }
}
