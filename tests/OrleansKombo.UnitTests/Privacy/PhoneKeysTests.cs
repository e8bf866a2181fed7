using OrleansKombo.Privacy;

namespace OrleansKombo.UnitTests.Privacy;

public sealed class PhoneKeysTests
{
    public static TheoryData<string> Spellings() => new(PoisonedJson.PhoneKeys);

    [Theory]
    [MemberData(nameof(Spellings))]
    public void Every_spelling_of_a_phone_key_is_one(string key) => Assert.True(PhoneKeys.IsPhone(key));

    [Theory]
    [InlineData("id")]
    [InlineData("first_name")]
    [InlineData("email")]
    [InlineData("email_addresses")]
    [InlineData("remote_id")]
    [InlineData("name")]
    public void Other_keys_are_not(string key) => Assert.False(PhoneKeys.IsPhone(key));
}
