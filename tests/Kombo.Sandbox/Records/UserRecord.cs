using System.Text.Json.Serialization;

namespace Kombo.Sandbox.Records;

public sealed class UserRecord : SandboxRecord
{
    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string? Email { get; set; }

    public string? Status { get; set; }

    [JsonPropertyOrder(110)]
    public List<RoleAssignment> SystemRoles { get; set; } = [];

    /// <summary>Jobs whose hiring team lists this user, so their embedded copy is re-rendered when the user changes.</summary>
    [JsonIgnore]
    public List<JobRecord> Jobs { get; } = [];
}
