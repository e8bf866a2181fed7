namespace Kombo.Sandbox.Records;

/// <summary><c>job</c> as applications and candidates embed it.</summary>
public sealed class JobRef(JobRecord job)
{
    public string Id => job.Id;

    public string RemoteId => job.RemoteId!;

    public string? Name => job.Name;
}
