using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace OrleansKombo.Privacy;

/// <summary>
/// The one rule for characters PostgreSQL refuses: U+0000 (neither <c>text</c> nor <c>jsonb</c> takes it, also not as the
/// JSON escape <c>\u0000</c>) and a UTF-16 surrogate without its pair (a JSON escape such as <c>\ud800</c>; it has no
/// UTF-8 form). What Kombo sends (webhooks, synced records, orders) has them removed; what our own API takes is refused
/// with 400 (<see cref="StorableStringConverter"/>). Invalid UTF-8 bytes are read as U+FFFD, which PostgreSQL stores.
/// </summary>
public static class StorableText
{
    /// <summary>What a refusal says: the field's path follows from the JSON reader.</summary>
    public const string Refusal = "contains a character PostgreSQL cannot store (U+0000 or an unpaired UTF-16 surrogate)";

    public static bool IsStorable(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0' || char.IsLowSurrogate(c))
            {
                return false;
            }
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    /// <summary>Whether every string and key of a JSON text is storable (JSON that does not parse is not).</summary>
    public static bool IsStorableJson(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped
                    && !IsStorable(ReadRaw(ref reader)))
                {
                    return false;
                }
            }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The text without U+0000 and unpaired surrogates; the same instance when there are none.</summary>
    public static string Clean(string text)
    {
        if (IsStorable(text))
        {
            return text;
        }
        var kept = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                kept.Append(c).Append(text[++i]);
            }
            else if (c != '\0' && !char.IsSurrogate(c))
            {
                kept.Append(c);
            }
        }
        return kept.ToString();
    }

    /// <summary>
    /// The reader's string (or property name), unescaped and cleaned. <see cref="Utf8JsonReader.GetString"/> throws on a
    /// lone surrogate escape, so escapes are read here.
    /// </summary>
    public static string Read(ref Utf8JsonReader reader) => Clean(ReadRaw(ref reader));

    /// <summary>A string element's text, cleaned (never throws for a lone surrogate, unlike <see cref="JsonElement.GetString"/>).</summary>
    public static string Read(JsonElement element)
    {
        var quoted = JsonMarshal.GetRawUtf8Value(element);
        var raw = quoted[1..^1];
        return Clean(raw.IndexOf((byte)'\\') < 0 ? Encoding.UTF8.GetString(raw) : Unescape(raw));
    }

    /// <summary>The reader's string as sent: unescaped, not cleaned (so a caller can tell whether cleaning changed it).</summary>
    public static string ReadRaw(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        // Unescaped JSON text cannot hold U+0000 (control characters must be escaped) nor a surrogate (UTF-8 has none).
        return reader.ValueIsEscaped ? Unescape(raw) : Encoding.UTF8.GetString(raw);
    }

    /// <summary>JSON string escapes, decoded one UTF-16 unit at a time, so a lone surrogate survives to be cleaned.</summary>
    private static string Unescape(ReadOnlySpan<byte> raw)
    {
        var text = new StringBuilder(raw.Length);
        while (raw.Length > 0)
        {
            var backslash = raw.IndexOf((byte)'\\');
            if (backslash < 0)
            {
                text.Append(Encoding.UTF8.GetString(raw));
                break;
            }
            text.Append(Encoding.UTF8.GetString(raw[..backslash]));
            var kind = raw[backslash + 1];
            if (kind == 'u')
            {
                // The reader checked that four hex digits follow.
                text.Append((char)Convert.ToUInt16(Encoding.ASCII.GetString(raw.Slice(backslash + 2, 4)), 16));
                raw = raw[(backslash + 6)..];
                continue;
            }
            text.Append(kind switch
            {
                (byte)'b' => '\b',
                (byte)'f' => '\f',
                (byte)'n' => '\n',
                (byte)'r' => '\r',
                (byte)'t' => '\t',
                _ => (char)kind,
            });
            raw = raw[(backslash + 2)..];
        }
        return text.ToString();
    }
}
