namespace OrleansKombo.Webhooks;

/// <summary><c>integration-deleted</c>; <c>id</c> and <c>deleted_at</c> (the purge counts from it) are required.</summary>
[GenerateSerializer, Immutable]
public sealed record IntegrationDeleted(string Id, string? Tool, string? Category, KomboEndUser? EndUser, DateTimeOffset DeletedAt);
