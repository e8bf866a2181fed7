using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OrleansKombo.Tests.Infrastructure;

/// <summary>Posts webhooks to the gateway signed as CONTRACT.md §2 says, computed here independently of the gateway.</summary>
public sealed class KomboWebhookSender(HttpClient http, string secret)
{
    public enum Encoding
    {
        Base64Url,
        Base64,
        Hex,
    }

    public static string Sign(string secret, byte[] body, Encoding encoding = Encoding.Base64Url)
    {
        var mac = HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), body);
        return encoding switch
        {
            Encoding.Base64 => Convert.ToBase64String(mac),
            Encoding.Hex => Convert.ToHexString(mac).ToLowerInvariant(),
            _ => Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
        };
    }

    public Task<HttpResponseMessage> SendAsync(object envelope) =>
        SendRawAsync(JsonSerializer.Serialize(envelope));

    public Task<HttpResponseMessage> SendRawAsync(string body, Encoding encoding = Encoding.Base64Url) =>
        SendBytesAsync(System.Text.Encoding.UTF8.GetBytes(body), Sign(secret, System.Text.Encoding.UTF8.GetBytes(body), encoding));

    public async Task<HttpResponseMessage> SendBytesAsync(byte[] body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/kombo")
        {
            Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } },
        };
        if (signature is not null)
        {
            request.Headers.Add("X-Kombo-Signature", signature);
        }
        return await http.SendAsync(request);
    }
}
