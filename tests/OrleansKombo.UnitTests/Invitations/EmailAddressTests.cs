using System.Text.Json.Nodes;
using CsCheck;
using MimeKit;
using OrleansKombo.Grains.Invitations;
using OrleansKombo.UnitTests.Infrastructure;

namespace OrleansKombo.UnitTests.Invitations;

/// <summary>
/// The one email rule (<see cref="EmailAddress"/>): what the order decider accepts is what the template sends to. Hand-written
/// cases for each decision, then generated addresses, display-name forms and arbitrary text.
/// </summary>
public sealed class EmailAddressTests
{
    private const int Iterations = 2000;

    private static readonly InvitationTemplate Template = new(new InvitationOptions());

    public static TheoryData<string, string, string?> Accepted() => new()
    {
        { "jane.roe@example.com", "jane.roe@example.com", null },
        { "Jane Roe <jane.roe@example.com>", "jane.roe@example.com", "Jane Roe" },
        { "\"Roe, Jane\" <jane.roe@example.com>", "jane.roe@example.com", "Roe, Jane" },
        { "<jane.roe@example.com>", "jane.roe@example.com", null },
        { "  jane.roe@example.com  ", "jane.roe@example.com", null },
        { "jane.roe@example.com (Jane)", "jane.roe@example.com", "Jane" },
        { "=?utf-8?q?J=C3=BCrgen?= <j@example.com>", "j@example.com", "Jürgen" },
        { "jane+tag@example.com", "jane+tag@example.com", null },
        { "\"jane roe\"@example.com", "\"jane roe\"@example.com", null },
        { "jane@bücher.example", "jane@bücher.example", null },
        { "jane@xn--bcher-kva.example", "jane@bücher.example", null },
        { "<@route.example:jane@example.com>", "jane@example.com", null },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void An_address_is_reduced_to_its_address_and_the_name_it_carried(string text, string address, string? name)
    {
        Assert.True(EmailAddress.TryParse(text, out var email, out var problem), problem);

        Assert.Equal((address, name), (email.Address, email.Name));
    }

    public static TheoryData<string, string> Refused() => new()
    {
        { "", "is empty" },
        { "jane", "is not an email address" },
        { "jane@", "is not an email address" },
        { "@example.com", "is not an email address" },
        { "jane..roe@example.com", "is not an email address" },
        { "Jane Roe <jane@example.com", "is not an email address" },
        { "jane@example.com>", "is not an email address" },
        { "a@example.com, b@example.com", "names several addresses" },
        { "a@example.com; b@example.com", "is not an email address" },
        { "Team: a@example.com, b@example.com;", "is a group of addresses" },
        { "Team:;", "is a group of addresses" },
        { "jane@localhost", "has no host name" },
        { "jane@[192.0.2.1]", "has no host name" },
        { "jane@192.0.2.1", "has no host name" },
        { "jane@exam_ple.com", "has no host name" },
        { "jürgen@example.com", "are not ASCII" },
        { "jane@example.com\r\nBcc: eve@example.com", "control characters" },
        { "ja\u0000ne@example.com", "control characters" },
        { new string('a', 250) + "@example.com", "longer than 254" },
        { new string('a', 600) + "@example.com", "longer than 512" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void An_address_we_cannot_send_to_is_refused_with_the_reason(string text, string reason)
    {
        Assert.False(EmailAddress.TryParse(text, out _, out var problem));

        Assert.Contains(reason, problem);
    }

    [Fact]
    public void Text_with_a_lone_surrogate_is_refused()
    {
        Assert.False(EmailAddress.TryParse("jane@\ud800example.com", out _, out var problem));

        Assert.Contains("broken text", problem);
    }

    [SharedFileFact("kombo/openapi.json")]
    public void Every_email_in_kombo_s_examples_is_accepted_as_it_is()
    {
        var emails = new List<string>();
        Collect(JsonNode.Parse(SharedFiles.Read("kombo/openapi.json")), emails);

        Assert.NotEmpty(emails);
        Assert.All(emails, text =>
        {
            Assert.True(EmailAddress.TryParse(text, out var email, out var problem), $"{text}: {problem}");
            Assert.Equal(text, email.Address);
        });
    }

    /// <summary>Every string value under a key named email (or *_email), in examples and defaults alike.</summary>
    private static void Collect(JsonNode? node, List<string> emails)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if ((key == "email" || key.EndsWith("_email", StringComparison.Ordinal)) && value is JsonValue v
                        && v.TryGetValue<string>(out var text) && text.Contains('@'))
                    {
                        emails.Add(text);
                    }
                    Collect(value, emails);
                }
                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Collect(item, emails);
                }
                break;
        }
    }

    private static readonly Gen<string> Atom = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyzABCZ0123456789!#$%&'*+-/=?^_`{|}~"], 1, 10];

    private static readonly Gen<string> LocalPart = Gen.OneOf(
        Atom.Array[1, 3].Select(atoms => string.Join('.', atoms)),
        Gen.String[Gen.Char["abc XYZ.@,;:<>()[]019"], 1, 12].Select(s => $"\"{s}\""));

    private static readonly Gen<string> Label = Gen.Select(
        Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"], 1, 1],
        Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-"], 0, 8],
        Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"], 1, 1],
        (first, middle, last) => first + middle + last);

    private static readonly Gen<string> Domain = Gen.Select(Label.Array[1, 3], Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz"], 2, 6],
        (labels, tld) => string.Join('.', labels.Append(tld)));

    /// <summary>An address as RFC 5322 writes one (dot-atoms or a quoted local part) on a dotted host name.</summary>
    private static readonly Gen<string> Address = Gen.Select(LocalPart, Domain, (local, domain) => $"{local}@{domain}");

    /// <summary>A person's name as ATSs hold them: letters of any script, initials, commas, quotes, apostrophes.</summary>
    private static readonly Gen<string> PersonName = Gen.String[Gen.Char["abcXYZéüßøÅ日本 .,'\"-"], 1, 20]
        .Select(s => string.Join(' ', s.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        .Where(s => s.Length > 0);

    private static string Quoted(string name) => $"\"{name.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"";

    [Fact]
    public void A_generated_address_is_accepted_as_it_is_and_without_a_name()
    {
        Address.Sample(text =>
        {
            Assert.True(EmailAddress.TryParse(text, out var email, out var problem), $"{text}: {problem}");
            Assert.Equal((text, (string?)null), (email.Address, email.Name));
        }, iter: Iterations);
    }

    [Fact]
    public void A_display_name_form_is_reduced_to_its_address_and_keeps_the_name()
    {
        Gen.Select(PersonName, Address).Sample((name, address) =>
        {
            var text = $"{Quoted(name)} <{address}>";

            Assert.True(EmailAddress.TryParse(text, out var email, out var problem), $"{text}: {problem}");
            Assert.Equal((address, name), (email.Address, email.Name));
        }, iter: Iterations);
    }

    /// <summary>Text that is almost an address: generated forms with characters inserted, removed or replaced.</summary>
    private static readonly Gen<string> Mutated = Gen.Select(
        Gen.OneOf(Address, Gen.Select(PersonName, Address, (name, address) => $"{name} <{address}>")),
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 1000], Gen.Char["<>@,;:\"\\ ().[]\r\n\t\u0000é日\ud800"]).Array[0, 4],
        (text, edits) =>
        {
            foreach (var (kind, at, c) in edits)
            {
                var i = at % (text.Length + 1);
                text = kind switch
                {
                    0 => text.Insert(i, c.ToString()),
                    1 when i < text.Length => text.Remove(i, 1),
                    _ when i < text.Length => text[..i] + c + text[(i + 1)..],
                    _ => text,
                };
            }
            return text;
        });

    private static readonly Gen<string> AnyText = Gen.OneOf(Mutated, Gen.String[Gen.Char["ab@.<>,;:\"\\ ()é\r\u0000"], 0, 30], Gen.String);

    [Fact]
    public void Whatever_the_rule_accepts_the_invitation_is_sent_to_exactly_that_one_address()
    {
        AnyText.Sample(text =>
        {
            if (!EmailAddress.TryParse(text, out var email, out _))
            {
                return;
            }
            var message = Template.Render(Invitation(text), out var problem);

            Assert.True(message is not null, $"{text}: accepted but not sent: {problem}");
            var to = Assert.IsType<MailboxAddress>(Assert.Single(message.To));
            Assert.Equal(email.Address, to.Address);
            Assert.True(email.Address.Length <= EmailAddress.MaxAddressLength);
            Assert.DoesNotContain(email.Address, c => char.IsControl(c) || char.IsSurrogate(c));
            // The address read is its own normal form: reading it again changes nothing.
            Assert.True(EmailAddress.TryParse(email.Address, out var again, out _));
            Assert.Equal(email.Address, again.Address);
        }, iter: Iterations * 5);
    }

    [Fact]
    public void Whatever_the_rule_refuses_is_not_sent_and_says_why()
    {
        AnyText.Sample(text =>
        {
            if (EmailAddress.TryParse(text, out _, out var problem))
            {
                return;
            }
            Assert.Null(Template.Render(Invitation(text), out var why));
            Assert.Equal($"the candidate's email address {problem}", why);
        }, iter: Iterations);
    }

    [Fact]
    public void The_email_goes_to_the_reduced_address_with_the_ats_name_or_else_the_name_the_address_carried()
    {
        var named = Template.Render(Invitation("Jane Roe <jane.roe@example.com>") with { FirstName = null, LastName = null }, out _)!;
        var fromAts = Template.Render(Invitation("Jane Roe <jane.roe@example.com>"), out _)!;

        Assert.Equal(("Jane Roe", "jane.roe@example.com"), (((MailboxAddress)named.To[0]).Name, ((MailboxAddress)named.To[0]).Address));
        Assert.Equal(("Ada Lovelace", "jane.roe@example.com"), (((MailboxAddress)fromAts.To[0]).Name, ((MailboxAddress)fromAts.To[0]).Address));
    }

    private static InvitationMessage Invitation(string email) =>
        new("order-1", "integration-1", email, "Ada", "Lovelace", "Engineer", "pkg-1", "Skills test", "https://assessments.example.com/take/order-1");
}
