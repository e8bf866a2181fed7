namespace OrleansKombo.Webhooks;

[GenerateSerializer, Immutable]
public sealed record ChangedModel(string Name);
