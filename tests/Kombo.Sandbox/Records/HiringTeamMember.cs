using System.Text.Json.Serialization;

namespace Kombo.Sandbox.Records;

/// <summary>One entry of a job's hiring team: a user plus the roles it holds on this job.</summary>
public sealed class HiringTeamMember(UserRecord user, string role)
{
    public string Id => user.Id;

    public string? RemoteId => user.RemoteId;

    public string? FirstName => user.FirstName;

    public string? LastName => user.LastName;

    public string? Email => user.Email;

    public IReadOnlyList<string> HiringTeamRoles { get; } = [role];

    public IReadOnlyList<RoleAssignment> JobRoles { get; } =
        [new(null, role == "RECRUITER" ? "Recruiter" : "Hiring Manager", "JOB", role)];

    [JsonIgnore]
    public UserRecord User => user;
}
