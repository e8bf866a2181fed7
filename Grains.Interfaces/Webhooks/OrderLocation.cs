using System.Text.Json.Serialization;

namespace OrleansKombo.Webhooks;

[GenerateSerializer, Immutable]
public sealed record OrderLocation(
    [property: JsonPropertyName("street_1")] string? Street1,
    [property: JsonPropertyName("street_2")] string? Street2,
    string? City,
    string? State,
    string? ZipCode,
    string? Country,
    string? Raw);
