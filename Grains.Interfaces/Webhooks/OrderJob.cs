namespace OrleansKombo.Webhooks;

[GenerateSerializer, Immutable]
public sealed record OrderJob(
    string? RemoteId,
    string? Name,
    string? JobCode,
    string? Description,
    OrderLocation? Location,
    IReadOnlyList<OrderHiringTeamMember>? HiringTeam);
