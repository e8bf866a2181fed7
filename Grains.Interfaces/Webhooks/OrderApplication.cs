namespace OrleansKombo.Webhooks;

[GenerateSerializer, Immutable]
public sealed record OrderApplication(string? RemoteId);
