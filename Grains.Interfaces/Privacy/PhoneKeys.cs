namespace OrleansKombo.Privacy;

/// <summary>
/// The one rule for which JSON keys hold a phone number: a key that contains <c>phone</c>, <c>fax</c> or <c>mobile</c>, in
/// any case. That covers every name Kombo's openapi.json uses (<c>phone</c>, <c>phone_number</c>, <c>phone_numbers</c>,
/// <c>additional_phone_numbers</c>, <c>home_phone_number</c>, <c>mobile_phone_number</c>, <c>telephone</c>, <c>fax</c>) and
/// the spellings an ATS passes through (<c>PHONE</c>, <c>phoneNumbers</c>, <c>Mobile</c>). Whatever such a key holds is
/// dropped, at any depth, before anything is stored or logged (<see cref="MinimisedJson"/>); a harmless key that happens
/// to match costs nothing we need.
/// </summary>
public static class PhoneKeys
{
    private static readonly string[] Fragments = ["phone", "fax", "mobile"];

    /// <summary>The same rule for a key as UTF-8 bytes (a JSON reader's), without making a string of an ASCII key.</summary>
    public static bool IsPhone(ReadOnlySpan<byte> utf8Key)
    {
        if (utf8Key.Length <= 256 && System.Text.Ascii.IsValid(utf8Key))
        {
            Span<char> key = stackalloc char[utf8Key.Length];
            System.Text.Ascii.ToUtf16(utf8Key, key, out var written);
            return IsPhone(key[..written]);
        }
        return IsPhone(System.Text.Encoding.UTF8.GetString(utf8Key));
    }

    public static bool IsPhone(ReadOnlySpan<char> key)
    {
        foreach (var fragment in Fragments)
        {
            if (key.Contains(fragment, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
