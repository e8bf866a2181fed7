namespace Kombo.Sandbox.Data;

/// <summary>What happens to a job's pipeline.</summary>
public enum StageAction
{
    Add,
    Remove,
    Rename,
}
