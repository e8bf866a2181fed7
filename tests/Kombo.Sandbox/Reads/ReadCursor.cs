using System.Buffers.Text;
using System.Text.Json;

namespace Kombo.Sandbox.Reads;

/// <summary>
/// The opaque <c>next</c> cursor: the model, the sequence of the last record served, the page's index in the read, and the
/// read's original filters (a cursor keeps them, so a page is never filtered differently from the first one).
/// </summary>
public sealed record ReadCursor(string Model, long After, int Page, string Filters)
{
    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this, Kombo.Sandbox.Json.SandboxJson.Options));

    public static ReadCursor Decode(string text, string model)
    {
        try
        {
            var cursor = JsonSerializer.Deserialize<ReadCursor>(Base64Url.DecodeFromChars(text), Kombo.Sandbox.Json.SandboxJson.Options);
            if (cursor is { Model: not null, Filters: not null, After: >= 0, Page: > 0 } && cursor.Model == model)
            {
                return cursor;
            }
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
        }
        throw new KomboInputException($"The cursor '{text}' is invalid for this endpoint.");
    }
}
