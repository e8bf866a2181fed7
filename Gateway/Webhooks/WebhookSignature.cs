using System.Security.Cryptography;
using System.Text;
using OrleansKombo.Gateway.Hosting;

namespace OrleansKombo.Gateway.Webhooks;

/// <summary>
/// Checks <c>X-Kombo-Signature</c>: HMAC-SHA256 of the raw body keyed with the webhook secret (CONTRACT.md §2).
/// Kombo's encoding is not documented, so base64url, base64 and hex are all accepted; the comparison is on the
/// decoded bytes and takes constant time.
/// </summary>
public sealed class WebhookSignature(GatewaySettings settings)
{
    private readonly byte[]? _key = settings.WebhookSecret is { } secret ? Encoding.UTF8.GetBytes(secret) : null;

    /// <summary>Without a secret nothing can be verified (allowed outside Production only).</summary>
    public bool IsConfigured => _key is not null;

    public bool IsValid(ReadOnlySpan<byte> body, string? header)
    {
        if (_key is null || string.IsNullOrWhiteSpace(header) || !TryDecode(header.Trim(), out var presented))
        {
            return false;
        }
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, presented);
    }

    private static bool TryDecode(string value, out byte[] bytes)
    {
        bytes = [];
        if (value.Length == HMACSHA256.HashSizeInBytes * 2 && value.All(Uri.IsHexDigit))
        {
            bytes = Convert.FromHexString(value);
            return true;
        }
        var base64 = value.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
        var buffer = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, buffer, out var written))
        {
            return false;
        }
        bytes = buffer[..written];
        return true;
    }
}
