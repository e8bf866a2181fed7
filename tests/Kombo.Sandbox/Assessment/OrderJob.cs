using Kombo.Sandbox.Records;

namespace Kombo.Sandbox.Assessment;

public sealed record OrderJob(string? RemoteId, string? Name, string? JobCode, string? Description, Location? Location, IReadOnlyList<OrderHiringTeamMember> HiringTeam);
