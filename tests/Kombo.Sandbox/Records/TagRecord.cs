using System.Text.Json.Serialization;

namespace Kombo.Sandbox.Records;

public sealed class TagRecord : SandboxRecord
{
    public string? Name { get; set; }

    [JsonIgnore]
    public List<CandidateRecord> Candidates { get; } = [];
}
