using System.Text.Json.Serialization;

namespace OrleansKombo.Webhooks;

/// <summary>
/// The application an order is for: Kombo's order events name its remote id; a triggered order (issue 12) also its Kombo
/// id, which the result is written to (left out of the JSON when there is none, so Kombo's orders show as before).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record OrderApplication(string? RemoteId, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id = null);
