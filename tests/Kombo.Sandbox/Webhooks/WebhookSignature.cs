using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Kombo.Sandbox.Webhooks;

/// <summary><c>X-Kombo-Signature</c>: HMAC-SHA256 over the raw body, keyed with the UTF-8 secret, base64url without padding.</summary>
public static class WebhookSignature
{
    public const string Header = "X-Kombo-Signature";

    public static string Compute(string secret, ReadOnlySpan<byte> body) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
