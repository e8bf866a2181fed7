namespace Kombo.Sandbox.Data;

/// <summary>The six ATS models the sandbox serves.</summary>
public enum SandboxModel
{
    Jobs,
    Candidates,
    Applications,
    Users,
    Tags,
    ApplicationStages,
}
