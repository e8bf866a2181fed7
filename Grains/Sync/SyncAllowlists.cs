namespace OrleansKombo.Grains.Sync;

/// <summary>Each model's allowlist: the configured one (Sync:Fields:&lt;model&gt;) or our default.</summary>
public sealed class SyncAllowlists(SyncOptions options)
{
    private readonly Dictionary<string, FieldAllowlist> _byModel = DefaultAllowlists.ByModel.Keys.ToDictionary(
        model => model,
        model => new FieldAllowlist(options.Fields.TryGetValue(model, out var fields) && fields.Length > 0
            ? fields.Contains("id") ? fields : ["id", .. fields]
            : DefaultAllowlists.ByModel[model]),
        StringComparer.Ordinal);

    public FieldAllowlist For(string model) => _byModel[model];
}
