using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OrleansKombo.Tests.Infrastructure;

/// <summary>
/// Posts webhooks to the gateway signed as CONTRACT.md §2 says, computed here independently of the gateway.
/// <see cref="SendAsync"/> and <see cref="SendRawAsync"/> return once the event is answered and, for an event answered on
/// receipt (integration events, issue 16), once its grain has it: they poll the inbox until its row is finished, so a test
/// reads what the event did. <see cref="SendWithoutWaitingAsync"/> and <see cref="SendBytesAsync"/> return with the answer.
/// </summary>
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

    public async Task<HttpResponseMessage> SendRawAsync(string body, Encoding encoding = Encoding.Base64Url)
    {
        var response = await SendBytesAsync(System.Text.Encoding.UTF8.GetBytes(body), Sign(secret, System.Text.Encoding.UTF8.GetBytes(body), encoding));
        if (response.IsSuccessStatusCode && IdOf(body) is { } id)
        {
            await UntilHandedToItsGrainAsync(id);
        }
        return response;
    }

    /// <summary>Polls until the event's inbox row, if it was answered on receipt, is finished (a missing row is finished too: a purge took it).</summary>
    public static Task UntilHandedToItsGrainAsync(string eventId) =>
        Poll.UntilAsync(async () => !await TestDatabase.ScalarAsync<bool>(
                "SELECT coalesce((SELECT deferred AND status IN ('RECEIVED', 'FAILED') FROM webhook_inbox WHERE id = @id), false)", ("id", eventId)),
            $"webhook {eventId}, answered on receipt, is handed to its grain");

    /// <summary>Returns with the answer; an event answered on receipt may still be on its way to its grain.</summary>
    public Task<HttpResponseMessage> SendWithoutWaitingAsync(object envelope)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(envelope);
        return SendBytesAsync(body, Sign(secret, body));
    }

    private static string? IdOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("id", out var id)
                   && id.ValueKind == JsonValueKind.String
                ? OrleansKombo.Privacy.StorableText.Read(id) // as the gateway records it
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

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
