using System.Text.Json.Serialization;

namespace Kombo.Sandbox.Records;

/// <summary>An application stage; served by <c>/ats/application-stages</c> and embedded in its job's <c>stages</c>.</summary>
public sealed class StageRecord : SandboxRecord
{
    public string? Name { get; set; }

    [JsonIgnore]
    public JobRecord? Job { get; set; }

    [JsonIgnore]
    public List<ApplicationRecord> Applications { get; } = [];
}
