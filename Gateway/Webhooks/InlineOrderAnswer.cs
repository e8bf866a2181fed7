using System.Text.Json.Serialization;

namespace OrleansKombo.Gateway.Webhooks;

/// <summary>The body of our 200 to an accepted <c>inline-assessment:order-received</c>, exactly as Kombo's inline guide asks.</summary>
public sealed record InlineOrderAnswer([property: JsonPropertyName("assessment_url")] string AssessmentUrl);
