namespace Kombo.Sandbox.Records;

/// <summary><c>current_stage</c> as applications and candidates embed it.</summary>
public sealed class StageRef(StageRecord stage)
{
    public string Id => stage.Id;

    public string? RemoteId => stage.RemoteId;

    public string? Name => stage.Name;

    public long? Index => stage.Job?.StageList.IndexOf(stage) is { } i and >= 0 ? i : null;
}
