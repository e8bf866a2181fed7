using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Text.Json;

namespace OrleansKombo.Privacy;

/// <summary>
/// JSON as we keep it, whatever path it came by (a webhook parsed, rejected, of an unknown type; a synced record): every
/// key <see cref="PhoneKeys"/> names is dropped with its value, at any depth, and every string and key is made storable
/// (<see cref="StorableText"/>). Numbers, literals, order and structure are kept as they came; the output is compact.
/// Text that is not one JSON value (at most 64 deep, as System.Text.Json reads by default) gives null: it can be kept
/// only as its hash and size.
/// </summary>
public static class MinimisedJson
{
    // Readable non-ASCII text in what an operator reads; quotes, backslashes and control characters are still escaped.
    private static readonly JsonWriterOptions Writing = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[]? TryMinimise(ReadOnlySpan<byte> json) => TryMinimise(json, out _);

    /// <param name="changed">Whether a key was dropped or a string cleaned (otherwise the input was already minimal).</param>
    public static byte[]? TryMinimise(ReadOnlySpan<byte> json, out bool changed)
    {
        changed = false;
        var reader = new Utf8JsonReader(json);
        var output = new ArrayBufferWriter<byte>(Math.Max(json.Length, 16));
        using var writer = new Utf8JsonWriter(output, Writing);
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName when IsPlain(ref reader):
                        if (PhoneKeys.IsPhone(reader.ValueSpan))
                        {
                            // From a property name, Skip moves past its whole value.
                            reader.Skip();
                            changed = true;
                            continue;
                        }
                        writer.WritePropertyName(reader.ValueSpan);
                        break;
                    case JsonTokenType.PropertyName:
                        var name = StorableText.ReadRaw(ref reader);
                        if (PhoneKeys.IsPhone(name))
                        {
                            reader.Skip();
                            changed = true;
                            continue;
                        }
                        writer.WritePropertyName(Storable(name, ref changed));
                        break;
                    case JsonTokenType.String when IsPlain(ref reader):
                        writer.WriteStringValue(reader.ValueSpan);
                        break;
                    case JsonTokenType.String:
                        writer.WriteStringValue(Storable(StorableText.ReadRaw(ref reader), ref changed));
                        break;
                    case JsonTokenType.Number:
                        writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                        break;
                    case JsonTokenType.True or JsonTokenType.False:
                        writer.WriteBooleanValue(reader.GetBoolean());
                        break;
                    case JsonTokenType.Null:
                        writer.WriteNullValue();
                        break;
                    case JsonTokenType.StartObject:
                        writer.WriteStartObject();
                        break;
                    case JsonTokenType.EndObject:
                        writer.WriteEndObject();
                        break;
                    case JsonTokenType.StartArray:
                        writer.WriteStartArray();
                        break;
                    case JsonTokenType.EndArray:
                        writer.WriteEndArray();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }
        writer.Flush();
        return output.WrittenCount == 0 ? null : output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Whether <see cref="TryMinimise(ReadOnlySpan{byte}, out bool)"/> would give this JSON back unchanged (no phone key,
    /// nothing to clean); null when it is not one JSON value. Reads without writing or allocating for the usual record, so
    /// a caller that already holds the parsed JSON needs no copy of it (KeptRecord).
    /// </summary>
    public static bool? IsMinimal(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var any = false;
        try
        {
            while (reader.Read())
            {
                any = true;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName when IsPlain(ref reader):
                        if (PhoneKeys.IsPhone(reader.ValueSpan))
                        {
                            return false;
                        }
                        break;
                    case JsonTokenType.PropertyName:
                        var name = StorableText.ReadRaw(ref reader);
                        if (PhoneKeys.IsPhone(name) || !StorableText.IsStorable(name))
                        {
                            return false;
                        }
                        break;
                    case JsonTokenType.String when !IsPlain(ref reader):
                        if (!StorableText.IsStorable(StorableText.ReadRaw(ref reader)))
                        {
                            return false;
                        }
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }
        // TryMinimise gives null for input without a single token.
        return any ? true : null;
    }

    /// <summary>
    /// A string or key that needs no decoding: not escaped, valid UTF-8, in one span. Such text can hold neither U+0000
    /// (the reader refuses it unescaped) nor a lone surrogate (UTF-8 has none), so it is storable as it is and is written
    /// from its bytes; anything else goes the decoding way (StorableText), invalid UTF-8 included (read as U+FFFD).
    /// </summary>
    private static bool IsPlain(ref Utf8JsonReader reader) =>
        !reader.ValueIsEscaped && !reader.HasValueSequence && Utf8.IsValid(reader.ValueSpan);

    private static string Storable(string text, ref bool changed)
    {
        var clean = StorableText.Clean(text);
        changed |= !ReferenceEquals(clean, text);
        return clean;
    }
}
