using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using OrleansKombo.Privacy;

namespace OrleansKombo.UnitTests.Privacy;

/// <summary>
/// What we keep of any JSON (README "Personal data and poison"): no phone number under any spelling of the key at any
/// depth, no character PostgreSQL refuses, everything else as it came; and text that is not JSON gives nothing.
/// </summary>
public sealed class MinimisedJsonTests
{
    private const int Iterations = 2000;

    private static string Minimise(string json) =>
        Encoding.UTF8.GetString(MinimisedJson.TryMinimise(Encoding.UTF8.GetBytes(json)) ?? throw new Xunit.Sdk.XunitException($"not JSON: {json}"));

    public static TheoryData<string> PhoneKeySpellings() => new(PoisonedJson.PhoneKeys);

    [Theory]
    [MemberData(nameof(PhoneKeySpellings))]
    public void A_phone_number_goes_under_any_spelling_of_its_key_at_any_depth(string key)
    {
        var json = $$$"""
            {"id":"e1","{{{key}}}":"+49 151 78223344","data":{"candidate":{"first_name":"Jane","{{{key}}}":{"number":"4915178223344"}},
             "list":[{"{{{key}}}":[4915178223344]},{"keep":"me"}]}}
            """;

        var kept = Minimise(json);

        Assert.DoesNotContain("78223344", kept);
        Assert.Equal("""{"id":"e1","data":{"candidate":{"first_name":"Jane"},"list":[{},{"keep":"me"}]}}""", kept);
    }

    [Theory]
    [InlineData("""{"name":"Ja\u0000ne"}""", """{"name":"Jane"}""")]
    [InlineData("""{"name":"a\ud800b"}""", """{"name":"ab"}""")]
    [InlineData("""{"name":"a\udc00b\uDBFF"}""", """{"name":"ab"}""")]
    [InlineData("""{"na\u0000me":"x"}""", """{"name":"x"}""")]
    [InlineData("""["\u0000","\ud83d\ude00"]""", """["","\uD83D\uDE00"]""")]
    [InlineData("""{"n":1e99999,"m":-0.5E-400,"t":true,"f":false,"z":null}""", """{"n":1e99999,"m":-0.5E-400,"t":true,"f":false,"z":null}""")]
    [InlineData("""{ "quote":"\"", "slash":"\\/\n" }""", """{"quote":"\"","slash":"\\/\n"}""")]
    public void What_postgres_refuses_is_removed_and_everything_else_kept(string json, string expected) =>
        Assert.Equal(expected, Minimise(json));

    [Theory]
    [InlineData("")]
    [InlineData("not json +4915178223344")]
    [InlineData("""{"id":"e1","phone":"+4915178223344" """)]
    [InlineData("""{"a":1} trailing""")]
    [InlineData("\"a\u0000b\"")]
    public void Text_that_is_not_json_gives_nothing(string text) =>
        Assert.Null(MinimisedJson.TryMinimise(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Nesting_deeper_than_64_is_not_json_either() =>
        Assert.Null(MinimisedJson.TryMinimise(Encoding.UTF8.GetBytes(new string('[', 65) + new string(']', 65))));

    [Fact]
    public void Invalid_utf8_in_a_string_is_kept_as_the_replacement_character()
    {
        byte[] body = [.. "{\"a\":\""u8, 0xff, 0xfe, .. "\"}"u8];

        Assert.Equal("{\"a\":\"\uFFFD\uFFFD\"}", Encoding.UTF8.GetString(MinimisedJson.TryMinimise(body)!));
    }

    [Fact]
    public void Generated_hostile_json_comes_out_parseable_storable_without_phones_and_otherwise_unchanged()
    {
        PoisonedJson.Object(3).Sample(tree =>
        {
            var sent = PoisonedJson.Serialise(tree);
            var kept = MinimisedJson.TryMinimise(Encoding.UTF8.GetBytes(sent), out var changed);

            Assert.NotNull(kept);
            var text = Encoding.UTF8.GetString(kept);
            Assert.DoesNotContain(PoisonedJson.PhoneDigits, text);
            Assert.True(StorableText.IsStorableJson(kept), text);
            Assert.True(JsonNode.DeepEquals(PoisonedJson.Expected(tree), JsonNode.Parse(kept)), $"{sent}\n=> {text}");
            // Minimal already: a second pass changes nothing.
            Assert.Equal(kept, MinimisedJson.TryMinimise(kept, out var again));
            Assert.False(again);
            Assert.Equal(tree.ToJsonString().Contains('~') || HasPhoneKey(tree), changed);
        }, iter: Iterations);
    }

    [Fact]
    public void Every_string_of_the_minimised_json_reads_with_system_text_json()
    {
        PoisonedJson.Object(3).Sample(tree =>
        {
            var kept = MinimisedJson.TryMinimise(Encoding.UTF8.GetBytes(PoisonedJson.Serialise(tree)))!;

            using var document = JsonDocument.Parse(kept);
            Assert.All(Strings(document.RootElement), s => Assert.True(StorableText.IsStorable(s)));
        }, iter: Iterations);
    }

    [Fact]
    public void IsMinimal_says_exactly_whether_minimising_changes_anything()
    {
        PoisonedJson.Object(3).Sample(tree =>
        {
            var sent = Encoding.UTF8.GetBytes(PoisonedJson.Serialise(tree));
            var kept = MinimisedJson.TryMinimise(sent, out var changed);

            Assert.Equal(kept is null ? null : !changed, MinimisedJson.IsMinimal(sent));
        }, iter: Iterations);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"a":1} trailing""")]
    [InlineData("\"a\u0000b\"")]
    public void IsMinimal_gives_null_where_minimising_gives_nothing(string text) =>
        Assert.Null(MinimisedJson.IsMinimal(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void A_plain_string_or_key_is_written_as_its_decoded_text_would_be()
    {
        // Plain (unescaped, valid UTF-8) text is copied from its bytes; the output must be the bytes the decoded text gives.
        var relaxed = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        Gen.String.Sample(text =>
        {
            var clean = StorableText.Clean(text);
            var expected = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(expected, relaxed))
            {
                writer.WriteStartObject();
                writer.WriteString(clean, clean);
                writer.WriteEndObject();
            }
            // As sent unescaped where JSON allows it (the plain path), and fully escaped (the decoding path).
            var plain = Encoding.UTF8.GetBytes("{" + JsonSerializer.Serialize(clean, Relaxed) + ":" + JsonSerializer.Serialize(clean, Relaxed) + "}");
            var escaped = Encoding.UTF8.GetBytes("{" + JsonSerializer.Serialize(clean) + ":" + JsonSerializer.Serialize(clean) + "}");

            if (PhoneKeys.IsPhone(clean))
            {
                return;
            }
            Assert.Equal(expected.WrittenSpan.ToArray(), MinimisedJson.TryMinimise(plain));
            Assert.Equal(expected.WrittenSpan.ToArray(), MinimisedJson.TryMinimise(escaped));
        }, iter: Iterations);
    }

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static bool HasPhoneKey(JsonNode? node) => node switch
    {
        JsonObject o => o.Any(p => PhoneKeys.IsPhone(p.Key) || HasPhoneKey(p.Value)),
        JsonArray a => a.Any(HasPhoneKey),
        _ => false,
    };

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        JsonValueKind.String => [element.GetString()!],
        _ => [],
    };
}
