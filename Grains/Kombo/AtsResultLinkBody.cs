using System.Text.Json.Serialization;

namespace OrleansKombo.Grains.Kombo;

/// <summary>
/// The body of <c>POST /ats/applications/{id}/result-links</c>: the label, the URL and, when there is a score,
/// <c>details</c> (Kombo requires both its fields together, so it is left out rather than sent empty).
/// </summary>
public sealed record AtsResultLinkBody(
    string Label,
    string Url,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AtsResultLinkDetails? Details);
