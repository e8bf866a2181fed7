namespace OrleansKombo.Webhooks;

/// <summary>A model <c>data-changed</c> names; any name is kept, including ones Kombo adds later.</summary>
[GenerateSerializer, Immutable]
public sealed record ChangedModel(string? Name);
