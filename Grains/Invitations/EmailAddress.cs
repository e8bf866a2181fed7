using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using MimeKit;

namespace OrleansKombo.Grains.Invitations;

/// <summary>
/// The one email rule: an address is what MimeKit's parser reads from the text, with our limits on top. The order
/// decider checks a candidate's email with it when the order arrives, and the template sends to what it reads from
/// the same text later, so an accepted address is always one we can send to.
/// </summary>
/// <remarks>
/// Decisions: a display-name form (<c>Jane Roe &lt;jane.roe@example.com&gt;</c>) is reduced to its address, and the name
/// is kept. Refused, each with a reason a recruiter can act on: several addresses, a group, a domain that is not a
/// dotted host name (no <c>localhost</c>, no IP literal), a part before the @ with non-ASCII characters (most mail servers
/// cannot take it), control characters or broken text, and addresses over 254 characters (RFC 5321's path limit).
/// Accepted: quoted local parts (<c>"jane roe"@example.com</c>), internationalised domains (sent as punycode when the
/// server wants ASCII), comments, and obsolete routes (dropped). Parsing is MimeKit's strict mode.
/// </remarks>
public sealed partial record EmailAddress(string Address, string? Name)
{
    /// <summary>The longest text we read as an address, name included.</summary>
    public const int MaxTextLength = 512;

    /// <summary>RFC 5321: a forward path is at most 256 octets including its angle brackets.</summary>
    public const int MaxAddressLength = 254;

    private static readonly ParserOptions Parser = CreateParser();

    private static readonly IdnMapping Idn = new();

    private static ParserOptions CreateParser()
    {
        var options = ParserOptions.Default.Clone();
        options.AddressParserComplianceMode = RfcComplianceMode.Strict;
        options.AllowAddressesWithoutDomain = false;
        return options;
    }

    /// <summary>The mailbox an email is sent to: this address, with the given name (or the one the text had).</summary>
    public MailboxAddress ToMailbox(string? name = null) => new(name ?? Name ?? "", Address);

    /// <param name="problem">Why the text is not one address we can send to, as the end of a sentence about it ("names several …").</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out EmailAddress? email, [NotNullWhen(false)] out string? problem)
    {
        email = null;
        problem = Problem(text, out var mailbox);
        if (problem is not null)
        {
            return false;
        }
        email = new EmailAddress(mailbox!.Address, string.IsNullOrWhiteSpace(mailbox.Name) ? null : mailbox.Name.Trim());
        return true;
    }

    private static string? Problem(string? text, out MailboxAddress? mailbox)
    {
        mailbox = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return "is empty";
        }
        if (text.Length > MaxTextLength)
        {
            return $"is longer than {MaxTextLength} characters";
        }
        if (!IsCleanText(text))
        {
            return "contains control characters or broken text";
        }
        if (!InternetAddressList.TryParse(Parser, text, out var list) || list.Count == 0)
        {
            return "is not an email address";
        }
        if (list.Count > 1)
        {
            return "names several addresses; keep one";
        }
        if (list[0] is not MailboxAddress parsed)
        {
            return "is a group of addresses, not one";
        }
        if (parsed.Address.Length > MaxAddressLength)
        {
            return $"is longer than {MaxAddressLength} characters";
        }
        if (!IsHostName(parsed.Domain))
        {
            return "has no host name after the @ (such as example.com)";
        }
        if (!parsed.LocalPart.All(char.IsAscii))
        {
            return "has characters before the @ that are not ASCII, which most mail servers cannot deliver";
        }
        mailbox = parsed;
        return null;
    }

    /// <summary>No control characters (CR and LF included: no header smuggling) and no lone surrogates.</summary>
    private static bool IsCleanText(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c))
            {
                return false;
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// A dotted DNS name (an internationalised one through its ASCII form): letters, digits and inner hyphens in each label,
    /// a last label that is not a number; not an IP literal or a single label such as <c>localhost</c>.
    /// </summary>
    private static bool IsHostName(string domain)
    {
        string ascii;
        try
        {
            ascii = Idn.GetAscii(domain);
        }
        catch (ArgumentException)
        {
            return false;
        }
        var labels = ascii.Split('.');
        return ascii.Length <= 253 && labels.Length >= 2 && labels.All(HostLabel().IsMatch) && !labels[^1].All(char.IsAsciiDigit);
    }

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex HostLabel();
}
