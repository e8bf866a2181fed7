namespace OrleansKombo.Webhooks;

/// <summary><c>integration-created</c>; only the integration's <c>id</c> is required (KomboEventTypes.Shapes).</summary>
[GenerateSerializer, Immutable]
public sealed record IntegrationCreated(string Id, string? Tool, string? Category, KomboEndUser? EndUser);
