using OrleansKombo.Catalog;

namespace OrleansKombo.Grains.Sync;

/// <summary>Each model's allowlist: the configured one (Sync:Fields:&lt;model&gt;) or the catalog's default.</summary>
public sealed class SyncAllowlists(SyncOptions options)
{
    private readonly Dictionary<string, FieldAllowlist> _byModel = AtsModel.All.ToDictionary(
        model => model.Name,
        model => new FieldAllowlist(options.Fields.TryGetValue(model.Name, out var fields) && fields.Length > 0
            ? fields.Contains("id") ? fields : ["id", .. fields]
            : [.. model.DefaultFields]),
        StringComparer.Ordinal);

    public FieldAllowlist For(AtsModel model) => _byModel[model.Name];
}
