namespace Kombo.Sandbox.Records;

/// <summary>A stage as a job embeds it, with its position in the job's pipeline.</summary>
public sealed class JobStageView(StageRecord stage, int index)
{
    public string Id => stage.Id;

    public string? RemoteId => stage.RemoteId;

    public string? Name => stage.Name;

    public Dictionary<string, object?>? RemoteData => stage.RemoteData;

    public long? Index => index;
}
