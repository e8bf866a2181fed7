using System.Globalization;
using System.Text.Json.Serialization;
using OrleansKombo.Orders;

namespace OrleansKombo.Grains.Kombo;

/// <summary>
/// The body of <c>PUT /assessment/orders/{id}/result</c> in Kombo's exact shape
/// (../shared/kombo/examples/assessment-order-result-put-body.json): absent optional fields are left out, and
/// <c>completed_at</c> is written in Kombo's date pattern (UTC, milliseconds, <c>Z</c>).
/// </summary>
public sealed record KomboResultBody(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Score,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? MaxScore,
    string ResultUrl,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CompletedAt,
    IReadOnlyList<KomboResultAttribute> Attributes,
    IReadOnlyList<ResultAttachment> Attachments)
{
    public static KomboResultBody From(OrderResult result) => new(
        KomboJson.Name(result.Status),
        result.Score,
        result.MaxScore,
        result.ResultUrl,
        result.CompletedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        (result.Attributes ?? []).Select(a => new KomboResultAttribute(KomboJson.Name(a.Type), a.Id, a.Label, a.Value, a.Score,
            a.Status is { } status ? KomboJson.Name(status) : null)).ToList(),
        result.Attachments ?? []);
}
