using System.Text.Json.Serialization;
using OrleansKombo.Orders;

namespace OrleansKombo.Grains.Kombo;

/// <summary>
/// The body of <c>PUT /assessment/orders/{id}/result</c> in Kombo's exact shape
/// (../shared/kombo/examples/assessment-order-result-put-body.json): absent optional fields (and nulls) are left out,
/// <c>completed_at</c> is written in Kombo's date format (UTC, milliseconds, <c>Z</c>), and <c>remote_fields</c> goes
/// on exactly as the vendor sent it.
/// </summary>
public sealed record KomboResultBody(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Score,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? MaxScore,
    string ResultUrl,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CompletedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<KomboResultAttribute>? Attributes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ResultAttachment>? Attachments,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RemoteFields? RemoteFields)
{
    public static KomboResultBody From(OrderResult result) => new(
        KomboJson.Name(result.Status),
        result.Score,
        result.MaxScore,
        result.ResultUrl,
        result.CompletedAt is { } completedAt ? KomboDates.Format(completedAt) : null,
        result.Attributes?.Select(a => new KomboResultAttribute(KomboJson.Name(a.Type), a.Id, a.Label, a.Value, a.Score,
            a.Status is { } status ? KomboJson.Name(status) : null)).ToList(),
        result.Attachments,
        result.RemoteFields);
}
