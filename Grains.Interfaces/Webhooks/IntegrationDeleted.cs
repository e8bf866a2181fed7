namespace OrleansKombo.Webhooks;

[GenerateSerializer, Immutable]
public sealed record IntegrationDeleted(string Id, string Tool, string Category, KomboEndUser EndUser, DateTimeOffset DeletedAt);
