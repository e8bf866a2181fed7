using System.Buffers.Text;
using System.Text;

namespace OrleansKombo.Gateway.Api;

/// <summary>Opaque keyset cursors: the sort key of a page's last row, joined and base64url-encoded.</summary>
public static class Cursor
{
    private const char Separator = '\u001f';

    public static string Encode(params string[] parts) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join(Separator, parts)));

    public static bool TryDecode(string cursor, int parts, out string[] values)
    {
        values = [];
        try
        {
            values = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split(Separator);
            return values.Length == parts;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// A cursor for a list ordered by one key, tagged with the list's kind, so that a cursor from another list
    /// (another model, the change feed) is refused instead of being misread as a position in this one.
    /// </summary>
    public static string ForKey(string kind, string key) => Encode(kind, key);

    public static bool TryDecodeKey(string cursor, string kind, out string key)
    {
        key = "";
        if (!TryDecode(cursor, 2, out var values) || values[0] != kind)
        {
            return false;
        }
        key = values[1];
        return true;
    }
}
