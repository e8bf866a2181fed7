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
