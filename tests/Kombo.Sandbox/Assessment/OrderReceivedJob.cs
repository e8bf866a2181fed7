namespace Kombo.Sandbox.Assessment;

/// <summary>
/// <c>job</c> as the order webhooks carry it. Every key is required by Kombo's schema and always written (null when
/// unknown); only the keys inside <c>location</c> are optional, see <see cref="OrderReceivedLocation"/>.
/// </summary>
public sealed record OrderReceivedJob(
    string? RemoteId,
    string? Name,
    string? JobCode,
    string? Description,
    OrderReceivedLocation? Location,
    IReadOnlyList<OrderHiringTeamMember> HiringTeam)
{
    public static OrderReceivedJob From(OrderJob job) =>
        new(job.RemoteId, job.Name, job.JobCode, job.Description, OrderReceivedLocation.From(job.Location), job.HiringTeam);
}
