namespace OrleansKombo.UnitTests.Fakes;

/// <summary>A fact that is skipped, saying why, when a reference file under <c>../shared</c> is absent.</summary>
public sealed class SharedExampleFactAttribute : FactAttribute
{
    public SharedExampleFactAttribute(string relativePath) => Skip = SharedExample.SkipUnlessPresent(relativePath);
}
