namespace Kombo.Sandbox.Records;

public sealed record Location(string? City, string? Country, string? Raw, string? State, string? Street1, string? Street2, string? ZipCode)
{
    [System.Text.Json.Serialization.JsonPropertyName("street_1")]
    public string? Street1 { get; init; } = Street1;

    [System.Text.Json.Serialization.JsonPropertyName("street_2")]
    public string? Street2 { get; init; } = Street2;
}
