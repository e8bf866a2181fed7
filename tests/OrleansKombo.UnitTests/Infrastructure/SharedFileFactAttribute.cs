namespace OrleansKombo.UnitTests.Infrastructure;

/// <summary>A fact that is skipped, saying why, when a reference file under <c>../shared</c> is absent.</summary>
public sealed class SharedFileFactAttribute : FactAttribute
{
    public SharedFileFactAttribute(string relativePath) => Skip = SharedFiles.SkipUnlessPresent(relativePath);
}
