namespace OrleansKombo.UnitTests.Infrastructure;

/// <summary>A theory that is skipped, saying why, when a reference file under <c>../shared</c> is absent.</summary>
public sealed class SharedFileTheoryAttribute : TheoryAttribute
{
    public SharedFileTheoryAttribute(string relativePath) => Skip = SharedFiles.SkipUnlessPresent(relativePath);
}
