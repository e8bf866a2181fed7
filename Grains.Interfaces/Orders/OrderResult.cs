using System.Text.Json.Serialization;

namespace OrleansKombo.Orders;

/// <summary>
/// An assessment result in the shape of Kombo's "update order result" body, minus the tool-specific
/// <c>remote_fields</c> (unknown fields are refused rather than silently dropped).
/// </summary>
[GenerateSerializer, Immutable]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record OrderResult(
    ResultStatus Status,
    string ResultUrl,
    DateTimeOffset? CompletedAt = null,
    double? Score = null,
    double? MaxScore = null,
    IReadOnlyList<ResultAttribute>? Attributes = null,
    IReadOnlyList<ResultAttachment>? Attachments = null);
