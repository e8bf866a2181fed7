using System.Globalization;
using System.Text.RegularExpressions;

namespace OrleansKombo;

/// <summary>
/// Kombo's dates. Kombo writes <c>YYYY-MM-DDTHH:mm:ss.sssZ</c> and takes anything its pattern
/// <c>^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?)?Z?$</c> allows (openapi.json, e.g. a result's <c>completed_at</c>):
/// a date alone, no fraction or any number of its digits, and no <c>Z</c>, which Kombo's examples treat as UTC.
/// </summary>
public static partial class KomboDates
{
    /// <summary>Kombo's pattern for dates it takes, as openapi.json prints it (ECMAScript: <c>\d</c> is ASCII only).</summary>
    public const string Pattern = @"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?)?Z?$";

    [GeneratedRegex(@"^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}:\d{2})(?:\.(\d+))?)?Z?$", RegexOptions.ECMAScript)]
    private static partial Regex Parts();

    /// <summary>Kombo's own format, UTC with milliseconds.</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reads a date Kombo's pattern allows, as UTC; false for anything else (an impossible date included).</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || Parts().Match(text) is not { Success: true } match)
        {
            return false;
        }
        var time = match.Groups[2].Success ? match.Groups[2].Value : "00:00:00";
        if (!DateTime.TryParseExact($"{match.Groups[1].Value}T{time}", "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var instant))
        {
            return false;
        }
        // Digits beyond the 100 ns .NET keeps are dropped, as a JavaScript Date drops those beyond the millisecond.
        var fraction = match.Groups[3].Value;
        var ticks = fraction.Length == 0 ? 0 : long.Parse(fraction.Length > 7 ? fraction[..7] : fraction.PadRight(7, '0'), CultureInfo.InvariantCulture);
        value = new DateTimeOffset(DateTime.SpecifyKind(instant, DateTimeKind.Utc).AddTicks(ticks));
        return true;
    }
}
