namespace Kombo.Sandbox.Records;

/// <summary>The fields jobs, candidates and applications share beyond <see cref="SandboxRecord"/>.</summary>
public abstract class RemoteRecord : SandboxRecord
{
    public Dictionary<string, object?>? CustomFields { get; set; }
    public List<IntegrationField> IntegrationFields { get; set; } = [];
    public string? RemoteUrl { get; set; }
    public DateTime? RemoteCreatedAt { get; set; }
    public DateTime? RemoteUpdatedAt { get; set; }
}
