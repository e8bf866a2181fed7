using System.Text;

namespace OrleansKombo;

/// <summary>
/// The one rule for what of a secret-bearing value a log line or an API answer may show: the vendor's callback URL
/// (its path and query may be the credential), a candidate's assessment link (its <c>token=</c> is the key to the
/// assessment), keys and passwords. What stays is what an operator needs to tell values apart: where a URL goes, the
/// path of a link (the order id), the names of query parameters.
/// </summary>
/// <remarks>
/// It lives in the contract assembly because both hosts show such values: the silo's logs and outbox errors, the
/// gateway's API. Pure string work, no dependency.
/// </remarks>
public static class Redact
{
    /// <summary>What stands in for a hidden value.</summary>
    public const string Mask = "***";

    /// <summary>
    /// A link as it may be shown: scheme, host, port and path kept; user info and fragment dropped; every query value
    /// masked (<c>…/take/order-1?token=***</c>). Anything that is not an absolute http(s) URL is masked whole.
    /// </summary>
    public static string Url(string? url)
    {
        if (!TryParse(url, out var uri))
        {
            return Mask;
        }
        var shown = new StringBuilder(Origin(uri)).Append(uri.AbsolutePath);
        var query = uri.Query.TrimStart('?');
        if (query.Length > 0)
        {
            shown.Append('?').AppendJoin('&', query.Split('&').Select(p => p.Split('=', 2) is [var name, _] ? $"{name}={Mask}" : p));
        }
        return shown.ToString();
    }

    /// <summary>
    /// Only where a URL goes (<c>https://vendor.example:8443/***</c>): for an endpoint such as a callback or webhook URL,
    /// whose path or query may itself be the secret.
    /// </summary>
    public static string Endpoint(string? url) => TryParse(url, out var uri)
        ? uri.AbsolutePath == "/" && uri.Query.Length == 0 ? Origin(uri) + "/" : $"{Origin(uri)}/{Mask}"
        : Mask;

    /// <summary>A key, secret or password: whether one is set, never what it is.</summary>
    public static string Secret(string? value) => string.IsNullOrEmpty(value) ? "(none)" : Mask;

    private static string Origin(Uri uri) => $"{uri.Scheme}://{uri.Authority}";

    private static bool TryParse(string? url, out Uri uri)
    {
        uri = null!;
        return url is not null && Uri.TryCreate(url, UriKind.Absolute, out uri!) && uri.Scheme is "http" or "https";
    }
}
