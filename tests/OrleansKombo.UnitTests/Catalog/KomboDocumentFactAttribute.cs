namespace OrleansKombo.UnitTests.Catalog;

/// <summary>A fact that is skipped, saying why, when Kombo's openapi.json is not beside the repository.</summary>
public sealed class KomboDocumentFactAttribute : FactAttribute
{
    public KomboDocumentFactAttribute()
    {
        var path = CatalogFiles.SharedPath(CatalogFiles.OpenApi);
        if (!File.Exists(path))
        {
            Skip = $"{path} is absent; this test needs the shared Kombo reference files beside the repository.";
        }
    }
}
