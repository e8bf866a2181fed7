using System.Text.Json.Serialization;

namespace OrleansKombo.Orders;

/// <summary>
/// A result's <c>remote_fields</c>: Kombo's pass-through to particular ATSs (openapi.json types
/// <c>smartrecruiters.scoreLabel</c> and <c>recruitee.subtitle</c> and allows any other key). Kept as the exact JSON
/// text received and sent on to Kombo as it is, so a key Kombo adds later needs nothing from us.
/// </summary>
[GenerateSerializer, Immutable]
[JsonConverter(typeof(RemoteFieldsConverter))]
public sealed record RemoteFields(string Json);
