namespace OrleansKombo.Jobs;

/// <summary>What a pull saw of a changed job: Kombo's raw <c>status</c> and <c>remote_deleted_at</c>.</summary>
[GenerateSerializer, Immutable]
public sealed record JobObservation(string? Status, DateTimeOffset? RemoteDeletedAt, DateTimeOffset ObservedAt);
