using System.Text.Json;
using OrleansKombo.Orders;
using OrleansKombo.Privacy;
using OrleansKombo.Webhooks;

namespace OrleansKombo.UnitTests.Privacy;

/// <summary>The one rule for characters PostgreSQL refuses, and how each kind of typed read applies it.</summary>
public sealed class StorableTextTests
{
    // A table, not InlineData: xunit's serialisation of test cases would turn a lone surrogate into U+FFFD.
    [Fact]
    public void Nul_and_unpaired_surrogates_are_removed_and_pairs_kept()
    {
        (string Text, string Expected)[] cases =
        [
            ("plain", "plain"), ("a\0b", "ab"), ("a\ud800b", "ab"), ("\udc00a", "a"), ("a\ud800", "a"), ("😀\0", "😀"),
            ("\ud83d\ude00", "\ud83d\ude00"), ("\ud800\ud800\udc00", "\ud800\udc00"),
        ];
        foreach (var (text, expected) in cases)
        {
            Assert.Equal(expected, StorableText.Clean(text));
            Assert.Equal(text == expected, StorableText.IsStorable(text));
        }
    }

    [Fact]
    public void What_kombo_sends_is_read_without_the_characters()
    {
        const string json = """{"id":"o1\u0000","integration_id":"i1","package_id":"p\ud800","candidate":{"first_name":"Ja\u0000ne","email":"jane@example.com"}}""";

        var order = JsonSerializer.Deserialize<AssessmentOrderReceived>(json, KomboJson.Tolerant)!;

        Assert.Equal("o1", order.Id);
        Assert.Equal("p", order.PackageId);
        Assert.Equal("Jane", order.Candidate!.FirstName);
    }

    [Fact]
    public void What_our_api_takes_is_refused_naming_the_rule()
    {
        var error = Assert.ThrowsAny<JsonException>(() =>
            JsonSerializer.Deserialize<OrderResult>("""{"status":"COMPLETED","score":1,"result_url":"https://r.example/\u0000"}""", KomboJson.Options));

        Assert.Contains("U+0000", error.Message);
    }

    [Fact]
    public void Remote_fields_that_jsonb_would_refuse_are_refused()
    {
        var error = Assert.ThrowsAny<JsonException>(() =>
            JsonSerializer.Deserialize<RemoteFields>("""{"recruitee":{"subtitle":"a\ud800"}}""", KomboJson.Options));

        Assert.Contains("remote_fields", error.Message);
        Assert.Equal("""{"x":"\ud83d\ude00"}""", JsonSerializer.Deserialize<RemoteFields>("""{"x":"\ud83d\ude00"}""", KomboJson.Options)!.Json);
    }

    [Fact]
    public void A_string_element_with_a_lone_surrogate_reads_instead_of_throwing()
    {
        using var document = JsonDocument.Parse("""{"id":"a\ud800b"}""");

        Assert.Throws<InvalidOperationException>(() => document.RootElement.GetProperty("id").GetString());
        Assert.Equal("ab", StorableText.Read(document.RootElement.GetProperty("id")));
    }
}
