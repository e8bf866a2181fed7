using System.Text.Json.Serialization;
using Kombo.Sandbox.Records;

namespace Kombo.Sandbox.Assessment;

/// <summary>
/// <c>job.location</c> of the order webhooks. Kombo's schema requires none of its keys, and its example leaves out the
/// one without a value (<c>street_2</c>), so a key without a value is left out here too; the keys come in the
/// example's order. A job without any location sends <c>location: null</c> (the key itself is required).
/// </summary>
public sealed record OrderReceivedLocation(
    [property: JsonPropertyName("street_1"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Street1,
    [property: JsonPropertyName("street_2"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Street2,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? City,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? State,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ZipCode,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Country,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Raw)
{
    public static OrderReceivedLocation? From(Location? location) => location is null
        ? null
        : new(location.Street1, location.Street2, location.City, location.State, location.ZipCode, location.Country, location.Raw);
}
