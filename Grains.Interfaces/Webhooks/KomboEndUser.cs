namespace OrleansKombo.Webhooks;

/// <summary>Who connected the integration; <c>origin_id</c> is the id we passed into Kombo Connect. Descriptive only.</summary>
[GenerateSerializer, Immutable]
public sealed record KomboEndUser(string? OrganizationName, string? CreatorEmail, string? OriginId);
