namespace OrleansKombo.Webhooks;

[GenerateSerializer, Immutable]
public sealed record IntegrationCreated(string Id, string Tool, string Category, KomboEndUser EndUser);
