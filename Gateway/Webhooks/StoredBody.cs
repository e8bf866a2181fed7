using System.Security.Cryptography;

namespace OrleansKombo.Gateway.Webhooks;

/// <summary>
/// What the inbox keeps of a delivered body: its minimised JSON (KomboEventReading.Body), or none when it was not JSON,
/// and always the SHA-256 and size of the body as signed, which identify it to Kombo's logs after the body is purged.
/// </summary>
public sealed record StoredBody(string? Json, byte[] Sha256, int Bytes)
{
    public static StoredBody Of(byte[] signed, string? minimised) => new(minimised, SHA256.HashData(signed), signed.Length);
}
