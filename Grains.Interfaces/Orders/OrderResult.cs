using System.Text.Json.Serialization;

namespace OrleansKombo.Orders;

/// <summary>
/// An assessment result in the shape of Kombo's "update order result" body. <see cref="RemoteFields"/> passes through
/// as received; any other member Kombo's body does not have is refused rather than silently dropped.
/// </summary>
[GenerateSerializer, Immutable]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record OrderResult(
    ResultStatus Status,
    string ResultUrl,
    [property: JsonConverter(typeof(KomboDateConverter))] DateTimeOffset? CompletedAt = null,
    double? Score = null,
    double? MaxScore = null,
    IReadOnlyList<ResultAttribute>? Attributes = null,
    IReadOnlyList<ResultAttachment>? Attachments = null,
    RemoteFields? RemoteFields = null);
