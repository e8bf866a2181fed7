namespace Kombo.Sandbox.Records;

public sealed record EmailAddress(string? EmailAddressValue, string? Type)
{
    [System.Text.Json.Serialization.JsonPropertyName("email_address")]
    public string? EmailAddressValue { get; init; } = EmailAddressValue;
}
