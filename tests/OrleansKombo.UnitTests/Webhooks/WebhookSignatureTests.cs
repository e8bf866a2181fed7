using System.Security.Cryptography;
using System.Text;
using CsCheck;
using OrleansKombo.Gateway.Hosting;
using OrleansKombo.Gateway.Webhooks;

namespace OrleansKombo.UnitTests.Webhooks;

/// <summary>
/// <c>X-Kombo-Signature</c>: HMAC-SHA256 of the raw body with the webhook secret. Kombo does not document the encoding,
/// so base64url, base64 and hex are accepted; anything else, and any other body or secret, is refused.
/// </summary>
public sealed class WebhookSignatureTests
{
    private const int Iterations = 500;

    private static readonly Gen<string> Secret = Gen.String[Gen.Char["abcXYZ019-_+/=é日 "], 1, 64];

    private static readonly Gen<byte[]> Body = Gen.Byte.Array[0, 2048];

    private static WebhookSignature Signature(string? secret) => new(new GatewaySettings { WebhookSecret = secret });

    private static byte[] Mac(string secret, byte[] body) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);

    /// <summary>Every encoding Kombo might use, with and without padding, in either case, with stray whitespace.</summary>
    private static IEnumerable<string> Encodings(byte[] mac)
    {
        var base64 = Convert.ToBase64String(mac);
        yield return base64;
        yield return base64.TrimEnd('=');
        yield return base64.TrimEnd('=').Replace('+', '-').Replace('/', '_');
        yield return base64.Replace('+', '-').Replace('/', '_');
        yield return Convert.ToHexString(mac);
        yield return Convert.ToHexString(mac).ToLowerInvariant();
        yield return " " + base64 + " ";
    }

    [Fact]
    public void The_hmac_of_the_body_is_accepted_in_every_encoding()
    {
        Gen.Select(Secret, Body).Sample((secret, body) =>
        {
            var signature = Signature(secret);
            Assert.All(Encodings(Mac(secret, body)), header => Assert.True(signature.IsValid(body, header), header));
        }, iter: Iterations);
    }

    [Fact]
    public void Another_body_is_refused()
    {
        Gen.Select(Secret, Body.Where(b => b.Length > 0), Gen.Int, Gen.Byte[1, 255]).Sample((secret, body, at, flip) =>
        {
            var header = Convert.ToBase64String(Mac(secret, body));
            var changed = (byte[])body.Clone();
            changed[(at & int.MaxValue) % changed.Length] ^= flip;

            Assert.False(Signature(secret).IsValid(changed, header));
            Assert.False(Signature(secret).IsValid(body.Append((byte)' ').ToArray(), header));
        }, iter: Iterations);
    }

    [Fact]
    public void Another_secret_is_refused()
    {
        Gen.Select(Secret, Secret, Body).Where((a, b, _) => a != b).Sample((secret, other, body) =>
            Assert.All(Encodings(Mac(other, body)), header => Assert.False(Signature(secret).IsValid(body, header), header)),
            iter: Iterations);
    }

    [Fact]
    public void A_cut_or_garbled_signature_is_refused_and_never_throws()
    {
        Gen.Select(Secret, Body, Gen.String[Gen.Char["abcdefABCDEF0123456789+/=-_ !%"], 0, 100]).Sample((secret, body, garbage) =>
        {
            var mac = Convert.ToBase64String(Mac(secret, body));
            var signature = Signature(secret);

            Assert.False(signature.IsValid(body, mac[..^4]));
            Assert.False(signature.IsValid(body, mac + "AAAA"));
            Assert.False(signature.IsValid(body, garbage));
        }, iter: Iterations);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void No_signature_is_refused(string? header)
    {
        var body = "{}"u8.ToArray();
        Assert.False(Signature("secret").IsValid(body, header));
    }

    [Fact]
    public void Without_a_secret_nothing_is_verified()
    {
        var body = "{}"u8.ToArray();
        var signature = Signature(null);

        Assert.False(signature.IsConfigured);
        Assert.False(signature.IsValid(body, Convert.ToBase64String(Mac("", body))));
    }
}
