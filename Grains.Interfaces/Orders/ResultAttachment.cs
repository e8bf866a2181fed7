using System.Text.Json.Serialization;

namespace OrleansKombo.Orders;

/// <summary>A report attached to the result: exactly one of <c>data</c> (base64, with content_type) and <c>data_url</c>.</summary>
[GenerateSerializer, Immutable]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ResultAttachment(
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ContentType = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Data = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DataUrl = null);
