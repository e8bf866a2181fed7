namespace Kombo.Sandbox.Tests.Infrastructure;

/// <summary>A theory that is skipped, saying why, when a reference file under <c>../shared</c> is absent.</summary>
public sealed class SharedFileTheoryAttribute : TheoryAttribute
{
    public SharedFileTheoryAttribute(string relativePath)
    {
        if (!SharedFiles.Exists(relativePath))
        {
            Skip = $"{SharedFiles.Path(relativePath)} is absent; this test needs the shared Kombo reference files beside the repository.";
        }
    }
}
