namespace OrleansKombo.Webhooks;

[GenerateSerializer, Immutable]
public sealed record CareerSite(string? Id, string? Label);
