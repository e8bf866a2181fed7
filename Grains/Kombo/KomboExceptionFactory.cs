using System.Net;
using System.Text.Json;
using OrleansKombo.Grains.Operations;
using OrleansKombo.Privacy;

namespace OrleansKombo.Grains.Kombo;

/// <summary>Turns Kombo's error responses into <see cref="KomboApiException"/>, keeping <c>error.code</c>.</summary>
public static class KomboExceptionFactory
{
    public static async ValueTask<Exception?> CreateAsync(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode)
        {
            return null;
        }
        var body = response.Content is null ? "" : await response.Content.ReadAsStringAsync();
        string? code = null, logUrl = null;
        var hasEnvelope = false;
        var message = body.Length > 300 ? body[..300] : body;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                hasEnvelope = true;
                code = Text(error, "code");
                logUrl = Text(error, "log_url");
                message = Text(error, "message") ?? message;
            }
        }
        catch (JsonException)
        {
            // Gateways in front of Kombo answer 502/503 with HTML; the status still says what happened.
        }
        // The message is kept in grain state and shown by the API: only text PostgreSQL can store.
        message = StorableText.Clean(message);
        SiloMetrics.KomboError(code, response.RequestMessage?.Method ?? HttpMethod.Get);
        return new KomboApiException(response.StatusCode, code, message.Length == 0 ? response.ReasonPhrase ?? "" : message,
            logUrl, RetryAfter(response), hasEnvelope);
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? StorableText.Read(value) : null;
}
