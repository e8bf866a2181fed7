using System.Text.Json.Serialization;
using OrleansKombo.Orders;

namespace OrleansKombo.Grains.Kombo;

/// <summary>A TEXT or SUB_RESULT attribute as Kombo takes it; the other kind's fields are left out, not sent as null.</summary>
public sealed record KomboResultAttribute(
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id,
    string Label,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SubResultScore? Score,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Status);
