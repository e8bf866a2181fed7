namespace Kombo.Sandbox.Records;

public sealed record PhoneNumber(string PhoneNumberValue, string? Type)
{
    [System.Text.Json.Serialization.JsonPropertyName("phone_number")]
    public string PhoneNumberValue { get; init; } = PhoneNumberValue;
}
