using System.Text.Json.Serialization;

namespace OrleansKombo.Orders;

/// <summary>
/// A result attribute: <c>{type: TEXT, label, value}</c> or <c>{type: SUB_RESULT, id, label, score: {value, max},
/// status}</c>. One record for both, as Kombo's body has them side by side; <see cref="OrderResultRules"/> checks
/// each kind has its fields.
/// </summary>
[GenerateSerializer, Immutable]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ResultAttribute(
    ResultAttributeType Type,
    string Label,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Value = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SubResultScore? Score = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ResultStatus? Status = null);
